/* test_pin.c — PIN hashing under a pepper, format rules, rehash detection
 * and the pepper file's safety checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pin.h"
#include "testutil.h"

static unsigned char pepper_a[PIN_PEPPER_BYTES];
static unsigned char pepper_b[PIN_PEPPER_BYTES];

static void test_hash_verify_round_trip(void **state)
{
	char hash[PIN_HASH_LEN];
	(void)state;
	assert_int_equal(pin_hash(pepper_a, "2468", hash), SP_OK);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	/* the PIN itself never appears in what is stored */
	assert_null(strstr(hash, "2468"));
	assert_int_equal(pin_verify(pepper_a, hash, "2468"), SP_OK);
	assert_int_equal(pin_verify(pepper_a, hash, "2469"), SP_ERR_WRONG_PIN);
	assert_int_equal(pin_verify(pepper_a, hash, ""), SP_ERR_WRONG_PIN);
}

static void test_other_pepper_verifies_nothing(void **state)
{
	char hash[PIN_HASH_LEN];
	(void)state;
	assert_int_equal(pin_hash(pepper_a, "13579", hash), SP_OK);
	assert_int_equal(pin_verify(pepper_b, hash, "13579"), SP_ERR_WRONG_PIN);
	/* without the pepper the plain PIN is not the Argon2id input either */
	assert_int_not_equal(crypto_pwhash_str_verify(hash, "13579", 5), 0);
}

static void test_same_pin_hashes_differently(void **state)
{
	char h1[PIN_HASH_LEN], h2[PIN_HASH_LEN];
	(void)state;
	assert_int_equal(pin_hash(pepper_a, "0000", h1), SP_OK);
	assert_int_equal(pin_hash(pepper_a, "0000", h2), SP_OK);
	assert_string_not_equal(h1, h2); /* salted */
}

static void test_format(void **state)
{
	char hash[PIN_HASH_LEN];
	(void)state;
	assert_int_equal(pin_validate("1234"), SP_OK);
	assert_int_equal(pin_validate("12345678"), SP_OK);
	assert_int_equal(pin_validate("123"), SP_ERR_PIN_FORMAT);
	assert_int_equal(pin_validate("123456789"), SP_ERR_PIN_FORMAT);
	assert_int_equal(pin_validate("12a4"), SP_ERR_PIN_FORMAT);
	assert_int_equal(pin_validate("abcd"), SP_ERR_PIN_FORMAT);
	assert_int_equal(pin_validate(""), SP_ERR_PIN_FORMAT);
	assert_int_equal(pin_validate(" 1234"), SP_ERR_PIN_FORMAT);
	assert_int_equal(pin_validate("１２３４"), SP_ERR_PIN_FORMAT); /* full-width */
	assert_int_equal(pin_validate(NULL), SP_ERR_PIN_FORMAT);
	assert_int_equal(pin_hash(pepper_a, "12", hash), SP_ERR_PIN_FORMAT);
}

static void test_needs_rehash(void **state)
{
	char hash[PIN_HASH_LEN];
	char weak[PIN_HASH_LEN];
	(void)state;
	assert_int_equal(pin_hash(pepper_a, "8642", hash), SP_OK);
	assert_false(pin_needs_rehash(hash));
	assert_int_equal(crypto_pwhash_str_alg(weak, "whatever", 8, 1,
					       8u * 1024u * 1024u,
					       crypto_pwhash_ALG_ARGON2ID13),
			 0);
	assert_true(pin_needs_rehash(weak));
	assert_true(pin_needs_rehash("not a hash"));
}

static void test_dummy_verify_runs(void **state)
{
	(void)state;
	/* nothing to assert but that it neither crashes nor leaks; the
	 * equal timing is what member_authenticate relies on */
	pin_verify_dummy(pepper_a, "1234");
	pin_verify_dummy(pepper_a, "1234");
	pin_verify_dummy(pepper_a, NULL);
}

static void test_pepper_file(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "pepper.key");
	unsigned char p1[PIN_PEPPER_BYTES], p2[PIN_PEPPER_BYTES];
	struct stat st;
	char hash[PIN_HASH_LEN];
	(void)state;

	/* missing */
	assert_int_equal(pin_pepper_load(path, p1), SP_ERR_PEPPER);

	assert_int_equal(pin_pepper_create(path), SP_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, PIN_PEPPER_BYTES * 2 + 1);
	assert_int_equal(pin_pepper_load(path, p1), SP_OK);

	/* creating again keeps the pepper: every stored hash depends on it */
	assert_int_equal(pin_pepper_create(path), SP_OK);
	assert_int_equal(pin_pepper_load(path, p2), SP_OK);
	assert_memory_equal(p1, p2, sizeof p1);
	assert_int_equal(pin_hash(p1, "5555", hash), SP_OK);
	assert_int_equal(pin_verify(p2, hash, "5555"), SP_OK);

	/* readable by the group or others: refused */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(pin_pepper_load(path, p2), SP_ERR_PEPPER);
	assert_int_equal(chmod(path, 0620), 0);
	assert_int_equal(pin_pepper_load(path, p2), SP_ERR_PEPPER);
	assert_int_equal(chmod(path, 0400), 0);
	assert_int_equal(pin_pepper_load(path, p2), SP_OK);
	assert_int_equal(chmod(path, 0600), 0);

	/* malformed content: short, not hex, trailing junk */
	static const char *const bad[] = {
		"abcdef\n",
		"zz00000000000000000000000000000000000000000000000000000000000000\n",
		"0000000000000000000000000000000000000000000000000000000000000000\nextra\n",
		"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		FILE *fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(bad[i], fp);
		fclose(fp);
		assert_int_equal(pin_pepper_load(path, p2), SP_ERR_PEPPER);
	}

	/* a well-formed file written by hand is accepted */
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", fp);
	fclose(fp);
	assert_int_equal(pin_pepper_load(path, p2), SP_OK);
	assert_int_equal(p2[0], 0x00);
	assert_int_equal(p2[1], 0x11);
	assert_int_equal(p2[31], 0xff);

	free(path);
	testutil_rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_verify_round_trip),
		cmocka_unit_test(test_other_pepper_verifies_nothing),
		cmocka_unit_test(test_same_pin_hashes_differently),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_needs_rehash),
		cmocka_unit_test(test_dummy_verify_runs),
		cmocka_unit_test(test_pepper_file),
	};
	testutil_init();
	randombytes_buf(pepper_a, sizeof pepper_a);
	randombytes_buf(pepper_b, sizeof pepper_b);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
