/* pq.h — libpq, loaded when the central database is first used.
 *
 * Linking libpq pulls some twenty shared libraries (TLS, Kerberos, LDAP)
 * into every start of svcpoint: the kiosk and quick commands such as
 * `svcpoint qr` started three times slower for a library only sync and
 * central need. The types still come from libpq-fe.h; the functions are
 * resolved with dlopen/dlsym on first use.
 *
 * PQexec and PQexecParams stay in the table for callers that have their
 * own PGconn; central.c itself waits for every answer with the
 * asynchronous calls (PQsendQuery..., PQconsumeInput, PQisBusy, poll on
 * PQsocket), so that no call to the central can outlast its deadline. */
#ifndef SVCPOINT_PQ_H
#define SVCPOINT_PQ_H

#include <libpq-fe.h>

struct pq_api {
	__typeof__(PQcancel) *PQcancel;
	__typeof__(PQclear) *PQclear;
	__typeof__(PQcmdStatus) *PQcmdStatus;
	__typeof__(PQconnectdbParams) *PQconnectdbParams;
	__typeof__(PQconninfoFree) *PQconninfoFree;
	__typeof__(PQconninfoParse) *PQconninfoParse;
	__typeof__(PQconsumeInput) *PQconsumeInput;
	__typeof__(PQerrorMessage) *PQerrorMessage;
	__typeof__(PQexec) *PQexec;
	__typeof__(PQexecParams) *PQexecParams;
	__typeof__(PQfinish) *PQfinish;
	__typeof__(PQflush) *PQflush;
	__typeof__(PQfreeCancel) *PQfreeCancel;
	__typeof__(PQgetCancel) *PQgetCancel;
	__typeof__(PQgetResult) *PQgetResult;
	__typeof__(PQgetvalue) *PQgetvalue;
	__typeof__(PQisBusy) *PQisBusy;
	__typeof__(PQntuples) *PQntuples;
	__typeof__(PQputCopyData) *PQputCopyData;
	__typeof__(PQputCopyEnd) *PQputCopyEnd;
	__typeof__(PQresultErrorField) *PQresultErrorField;
	__typeof__(PQresultStatus) *PQresultStatus;
	__typeof__(PQsendQuery) *PQsendQuery;
	__typeof__(PQsendQueryParams) *PQsendQueryParams;
	__typeof__(PQsetNoticeProcessor) *PQsetNoticeProcessor;
	__typeof__(PQsetnonblocking) *PQsetnonblocking;
	__typeof__(PQsocket) *PQsocket;
	__typeof__(PQstatus) *PQstatus;
	__typeof__(PQtransactionStatus) *PQtransactionStatus;
};

/* The loaded API, or NULL when libpq is not installed; then *err (may be
 * NULL) receives the loader's message. Loads once per process. */
const struct pq_api *pq_load(const char **err);

#endif
