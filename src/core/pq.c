/* pq.c — resolves the libpq functions svcpoint uses, once, on demand. */
#include "pq.h"

#include <dlfcn.h>
#include <stddef.h>

static struct pq_api pq_api;
static const struct pq_api *pq_loaded;
static const char *pq_error;

/* The soname of libpq's stable ABI (version 5 since PostgreSQL 8.0). */
static const char pq_soname[] = "libpq.so.5";

static void *pq_symbol(void *handle, const char *name, int *missing)
{
	void *sym = dlsym(handle, name);
	if (!sym)
		(*missing)++;
	return sym;
}

const struct pq_api *pq_load(const char **err)
{
	void *handle;
	int missing = 0;

	if (pq_loaded || pq_error) {
		if (err && !pq_loaded)
			*err = pq_error;
		return pq_loaded;
	}
	handle = dlopen(pq_soname, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		pq_error = dlerror();
		if (err)
			*err = pq_error;
		return NULL;
	}
	/* POSIX requires a void * from dlsym to be convertible to a function
	 * pointer; writing through a void ** keeps ISO C's -Wpedantic quiet. */
#define PQ_RESOLVE(fn) \
	*(void **)&pq_api.fn = pq_symbol(handle, #fn, &missing)
	PQ_RESOLVE(PQcancel);
	PQ_RESOLVE(PQclear);
	PQ_RESOLVE(PQcmdStatus);
	PQ_RESOLVE(PQconnectdbParams);
	PQ_RESOLVE(PQconninfoFree);
	PQ_RESOLVE(PQconninfoParse);
	PQ_RESOLVE(PQconsumeInput);
	PQ_RESOLVE(PQerrorMessage);
	PQ_RESOLVE(PQexec);
	PQ_RESOLVE(PQexecParams);
	PQ_RESOLVE(PQfinish);
	PQ_RESOLVE(PQflush);
	PQ_RESOLVE(PQfreeCancel);
	PQ_RESOLVE(PQgetCancel);
	PQ_RESOLVE(PQgetResult);
	PQ_RESOLVE(PQgetvalue);
	PQ_RESOLVE(PQisBusy);
	PQ_RESOLVE(PQntuples);
	PQ_RESOLVE(PQputCopyData);
	PQ_RESOLVE(PQputCopyEnd);
	PQ_RESOLVE(PQresultErrorField);
	PQ_RESOLVE(PQresultStatus);
	PQ_RESOLVE(PQsendQuery);
	PQ_RESOLVE(PQsendQueryParams);
	PQ_RESOLVE(PQsetNoticeProcessor);
	PQ_RESOLVE(PQsetnonblocking);
	PQ_RESOLVE(PQsocket);
	PQ_RESOLVE(PQstatus);
	PQ_RESOLVE(PQtransactionStatus);
#undef PQ_RESOLVE
	if (missing) {
		pq_error = "libpq.so.5 lacks a function svcpoint needs";
		if (err)
			*err = pq_error;
		dlclose(handle);
		return NULL;
	}
	pq_loaded = &pq_api;
	return pq_loaded;
}
