/* test_member_import.c — CSV import: all rows or none, bad rows reported
 * by line, BOM and quotes, duplicates, and re-import changing nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "member.h"
#include "testutil.h"

struct fixture {
	char *dir;
	char *csv;
	struct db *db;
	unsigned char pepper[PIN_PEPPER_BYTES];
};

static const struct member_lockout policy = {5, 15};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->db = testutil_store_open(&f->dir);
	f->csv = testutil_path_dup(f->dir, "members.csv");
	randombytes_buf(f->pepper, sizeof f->pepper);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	testutil_store_close(f->db, f->dir);
	free(f->csv);
	free(f);
	return 0;
}

static void write_csv(struct fixture *f, const char *content)
{
	FILE *fp = fopen(f->csv, "wb");
	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
}

static int64_t members(struct fixture *f)
{
	return testutil_int(f->db, "SELECT count(*) FROM member");
}

static void assert_signs_in(struct fixture *f, const char *no, const char *pin)
{
	struct member *m = NULL;
	assert_int_equal(member_authenticate(f->db, f->pepper, no, pin, &policy,
					     &m, NULL),
			 SP_OK);
	member_free(m);
}

static const char good_csv[] =
	"member_no,name,branch,role,pin\n"
	"1001,张三,第一支部,member,1234\n"
	"1002,李四,第一支部,staff,55556666\n"
	"1003,Wang Wu,,admin,0000\n"
	"1004,赵六,第二支部,,4321\n";

static void test_good_file(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;
	struct member *m = NULL;

	write_csv(f, good_csv);
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_OK);
	assert_int_equal(r.rows, 4);
	assert_int_equal(r.added, 4);
	assert_int_equal(r.updated, 0);
	assert_int_equal(r.unchanged, 0);
	assert_int_equal(r.bad_line, 0);
	assert_int_equal(members(f), 4);

	assert_int_equal(member_find_by_no(f->db, "1002", &m), SP_OK);
	assert_string_equal(m->name, "李四");
	assert_string_equal(m->branch, "第一支部");
	assert_int_equal(m->role, MEMBER_ROLE_STAFF);
	member_free(m);
	assert_int_equal(member_find_by_no(f->db, "1003", &m), SP_OK);
	assert_string_equal(m->branch, "");
	assert_int_equal(m->role, MEMBER_ROLE_ADMIN);
	member_free(m);
	/* an empty role means an ordinary member */
	assert_int_equal(member_find_by_no(f->db, "1004", &m), SP_OK);
	assert_int_equal(m->role, MEMBER_ROLE_MEMBER);
	member_free(m);
	assert_signs_in(f, "1002", "55556666");
	assert_signs_in(f, "1003", "0000");

	/* one audit row for the whole import */
	assert_int_equal(audit_count(f->db), 1);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM audit_log"
				      " WHERE action = 'member.import'"
				      " AND target = 'members.csv'"
				      " AND detail LIKE '%added=4%'"), 1);
}

static void test_bad_row_imports_nothing(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;

	write_csv(f, "member_no,name,branch,role,pin\n"
		     "1001,张三,第一支部,member,1234\n"
		     "1002,李四,第一支部,member,1234\n"
		     "1003,王五,第一支部,member,12\n"
		     "1004,赵六,第一支部,member,9\n");
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_ERR_CSV);
	assert_int_equal(r.bad_line, 4);
	assert_non_null(strstr(r.problem, "PIN"));
	assert_int_equal(r.added, 0);
	assert_int_equal(members(f), 0);
	assert_int_equal(audit_count(f->db), 0);
}

static void test_each_kind_of_bad_row(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;
	static const struct {
		const char *csv;
		long line;
		const char *word;   /* something the sentence must mention */
	} cases[] = {
		{"member_no,name,branch,role,pin\n1001,张三,,member,1234\n"
		 "1 2,李四,,member,1234\n", 3, "badge"},
		{"member_no,name,branch,role,pin\n1001,,,member,1234\n", 2, "name"},
		{"member_no,name,branch,role,pin\n"
		 "1001,一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三,,member,1234\n",
		 2, "name"},
		{"member_no,name,branch,role,pin\n1001,\"张\x1b[31m三\",,member,1234\n",
		 2, "name"},
		{"member_no,name,branch,role,pin\n1001,张三,,chief,1234\n", 2, "role"},
		{"member_no,name,branch,role,pin\n1001,张三,,member\n", 2, "fields"},
		{"member_no,name,branch,role,pin\n1001,张三,,member,1234,x\n", 2, "fields"},
		{"member_no,name,branch,role,pin\n1001,张\"三,,member,1234\n", 2, "quote"},
		{"member_no,name,branch,role,pin\n1001,\"张三,,member,1234\n", 2, "closed"},
		{"member_no,name,role,branch,pin\n1001,张三,member,,1234\n", 1, "header"},
		{"", 1, "header"},
		{"member_no,name,branch,role,pin\n1001,张\xff三,,member,1234\n", 2, "UTF-8"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_csv(f, cases[i].csv);
		assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
				 SP_ERR_CSV);
		if (r.bad_line != cases[i].line || !strstr(r.problem, cases[i].word))
			fail_msg("case %zu: line %ld, problem \"%s\"", i, r.bad_line,
				 r.problem);
	}
	assert_int_equal(members(f), 0);
	assert_int_equal(audit_count(f->db), 0);
}

static void test_missing_file(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_ERR_IO);
}

static void test_bom_and_crlf(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;
	struct member *m = NULL;

	write_csv(f, "\xEF\xBB\xBFmember_no,name,branch,role,pin\r\n"
		     "1001,张三,第一支部,member,1234\r\n"
		     "1002,李四,第一支部,member,5678\r\n");
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_OK);
	assert_int_equal(r.added, 2);
	assert_int_equal(member_find_by_no(f->db, "1002", &m), SP_OK);
	assert_string_equal(m->branch, "第一支部"); /* no stray \r */
	member_free(m);
	assert_signs_in(f, "1002", "5678");
}

static void test_quoted_fields(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;
	struct member *m = NULL;

	write_csv(f, "member_no,name,branch,role,pin\n"
		     "1001,\"Zhang, San\",\"第一支部, \"\"先锋\"\"\",member,\"1234\"\n"
		     "1002,李四,第一支部,member,5678\n"
		     "\"1003\",王五,\"\",staff,8765\n");
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_OK);
	assert_int_equal(r.added, 3);
	assert_int_equal(member_find_by_no(f->db, "1001", &m), SP_OK);
	assert_string_equal(m->name, "Zhang, San");
	assert_string_equal(m->branch, "第一支部, \"先锋\"");
	member_free(m);
	assert_signs_in(f, "1001", "1234");
	assert_signs_in(f, "1003", "8765");
}

static void test_line_numbers_follow_quoted_newlines(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;

	/* a newline inside quotes is refused (names are one line), and the
	 * record is reported at the line where it starts; blank lines count */
	write_csv(f, "member_no,name,branch,role,pin\n"
		     "1001,张三,,member,1234\n"
		     "\n"
		     "1002,\"李\n四\",,member,1234\n"
		     "1003,王五,,member,1234\n");
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_ERR_CSV);
	assert_int_equal(r.bad_line, 4);
	assert_non_null(strstr(r.problem, "name"));

	write_csv(f, "member_no,name,branch,role,pin\n"
		     "1001,张三,\"第一\n支部\",member,1234\n"
		     "1002,李四,,member,1234\n"
		     "1003,王五,,member,1\n");
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_ERR_CSV);
	/* "branch" was refused first, on line 2 */
	assert_int_equal(r.bad_line, 2);
	assert_int_equal(members(f), 0);
}

static void test_duplicate_in_file(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;

	write_csv(f, "member_no,name,branch,role,pin\n"
		     "1001,张三,,member,1234\n"
		     "1002,李四,,member,1234\n"
		     "1001,张三二,,member,1234\n");
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_ERR_CSV);
	assert_int_equal(r.bad_line, 4);
	assert_non_null(strstr(r.problem, "1001"));
	assert_non_null(strstr(r.problem, "line 2"));
	assert_int_equal(members(f), 0);
}

static void test_reimport_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;

	write_csv(f, good_csv);
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_OK);
	int64_t audit_before = audit_count(f->db);
	int64_t same_before = testutil_int(f->db,
		"SELECT count(*) FROM member WHERE updated_at = created_at");

	/* later, the same file again */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 3600 * 1000);
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	assert_int_equal(r.rows, 4);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.updated, 0);
	assert_int_equal(r.unchanged, 4);
	assert_int_equal(members(f), 4);
	assert_int_equal(audit_count(f->db), audit_before);
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM member WHERE updated_at = created_at"),
		same_before);
	assert_int_equal(same_before, 4);
}

static void test_changed_rows_update(void **state)
{
	struct fixture *f = *state;
	struct member_import_result r;
	struct member *m = NULL;

	write_csv(f, good_csv);
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_OK);
	/* a new name for 1001, a new PIN for 1002, a new member 1005 */
	write_csv(f, "member_no,name,branch,role,pin\n"
		     "1001,张三丰,第一支部,member,1234\n"
		     "1002,李四,第一支部,staff,24680\n"
		     "1003,Wang Wu,,admin,0000\n"
		     "1004,赵六,第二支部,member,4321\n"
		     "1005,钱七,第二支部,member,1357\n");
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 60000);
	assert_int_equal(member_import_csv(f->db, f->pepper, f->csv, NULL, &r),
			 SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.updated, 2);
	assert_int_equal(r.unchanged, 2);   /* "" role and "member" are one */
	assert_int_equal(members(f), 5);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM member"
				      " WHERE updated_at > created_at"), 2);

	assert_int_equal(member_find_by_no(f->db, "1001", &m), SP_OK);
	assert_string_equal(m->name, "张三丰");
	member_free(m);
	assert_signs_in(f, "1001", "1234");        /* PIN kept */
	assert_signs_in(f, "1002", "24680");       /* PIN changed */
	assert_int_equal(member_authenticate(f->db, f->pepper, "1002", "55556666",
					     &policy, &m, NULL),
			 SP_ERR_WRONG_PIN);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM audit_log"
				      " WHERE action = 'member.import'"), 2);
	assert_int_equal(audit_verify(f->db, NULL), SP_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_row_imports_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_kind_of_bad_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom_and_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_numbers_follow_quoted_newlines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_in_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_rows_update, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
