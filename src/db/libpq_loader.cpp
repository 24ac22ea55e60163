// Why libpq is loaded lazily: libpq.so.5 pulls ~20 shared libraries into the process
// (OpenSSL, GnuTLS, Kerberos, LDAP, SASL ...): with it, the dynamic loader spent 4.5 M
// cycles on `schemashift lint FILE` (32 shared objects), without it 0.4 M (9), and the
// whole run ~2.5 ms of CPU instead of ~11 ms; only `--database-url` needs a database. So libpqxx is linked statically (libpqxx.a) and the
// libpq functions it calls are defined here: each one loads libpq.so.5 with dlopen on
// first use and forwards to the real function. Every other command starts without
// libpq, and the binary stays one installable file.
//
// Each line repeats the function's declaration from <libpq-fe.h>, which is included
// above it: a C function declared twice with different types does not compile, so a
// signature cannot drift. A function libpqxx starts calling in a newer version shows up
// as an undefined reference at link time; add its line here.
#include "db/libpq_loader.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <libpq-fe.h>

#include "db/connection.hpp"

namespace schemashift::db::detail {

namespace {

constexpr const char* kLibpq = "libpq.so.5";

void* libpq_handle() {
  // RTLD_LOCAL: libpq's symbols stay out of the global scope, where they could collide
  // with the definitions below.
  static void* const handle = ::dlopen(kLibpq, RTLD_NOW | RTLD_LOCAL);
  return handle;
}

}  // namespace

void load_libpq() {
  if (libpq_handle()) return;
  const char* why = ::dlerror();
  const std::string detail = std::string("cannot load ") + kLibpq + " (PostgreSQL's client library, package libpq5): " +
                             (why ? why : "unknown error");
  throw Error(detail, {"08001", detail});
}

// The address of libpq's `name`. Connection loads libpq before libpqxx calls anything,
// so a failure here means a libpq without a function libpqxx was built against.
void* libpq_symbol(const char* name) {
  load_libpq();
  void* fn = ::dlsym(libpq_handle(), name);
  if (!fn) {
    std::fprintf(stderr, "schemashift: %s has no function %s\n", kLibpq, name);
    std::abort();
  }
  return fn;
}

}  // namespace schemashift::db::detail

#define SS_LIBPQ(ret, name, params, args)                                                      \
  ret name params {                                                                            \
    static const auto real = reinterpret_cast<decltype(&::name)>(                              \
        schemashift::db::detail::libpq_symbol(#name));                                         \
    return real args;                                                                          \
  }

extern "C" {
SS_LIBPQ(int, PQbackendPID, (const PGconn *conn), (conn))
SS_LIBPQ(int, PQcancel, (PGcancel *cancel, char *errbuf, int errbufsize), (cancel, errbuf, errbufsize))
SS_LIBPQ(void, PQclear, (PGresult *res), (res))
SS_LIBPQ(int, PQclientEncoding, (const PGconn *conn), (conn))
SS_LIBPQ(char*, PQcmdStatus, (PGresult *res), (res))
SS_LIBPQ(char*, PQcmdTuples, (PGresult *res), (res))
SS_LIBPQ(PostgresPollingStatusType, PQconnectPoll, (PGconn *conn), (conn))
SS_LIBPQ(PGconn*, PQconnectStart, (const char *conninfo), (conninfo))
SS_LIBPQ(PGconn*, PQconnectdb, (const char *conninfo), (conninfo))
SS_LIBPQ(int, PQconsumeInput, (PGconn *conn), (conn))
SS_LIBPQ(char*, PQdb, (const PGconn *conn), (conn))
SS_LIBPQ(char*, PQencryptPassword, (const char *passwd, const char *user), (passwd, user))
SS_LIBPQ(int, PQendcopy, (PGconn *conn), (conn))
SS_LIBPQ(char*, PQerrorMessage, (const PGconn *conn), (conn))
SS_LIBPQ(unsigned char*, PQescapeByteaConn, (PGconn *conn, const unsigned char *from, size_t from_length, size_t *to_length), (conn, from, from_length, to_length))
SS_LIBPQ(char*, PQescapeIdentifier, (PGconn *conn, const char *str, size_t len), (conn, str, len))
SS_LIBPQ(size_t, PQescapeStringConn, (PGconn *conn, char *to, const char *from, size_t length, int *error), (conn, to, from, length, error))
SS_LIBPQ(PGresult*, PQexec, (PGconn *conn, const char *query), (conn, query))
SS_LIBPQ(PGresult*, PQexecParams, (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat), (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
SS_LIBPQ(PGresult*, PQexecPrepared, (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat), (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
SS_LIBPQ(void, PQfinish, (PGconn *conn), (conn))
SS_LIBPQ(char*, PQfname, (const PGresult *res, int field_num), (res, field_num))
SS_LIBPQ(int, PQfnumber, (const PGresult *res, const char *field_name), (res, field_name))
SS_LIBPQ(void, PQfreeCancel, (PGcancel *cancel), (cancel))
SS_LIBPQ(void, PQfreemem, (void *ptr), (ptr))
SS_LIBPQ(Oid, PQftable, (const PGresult *res, int field_num), (res, field_num))
SS_LIBPQ(int, PQftablecol, (const PGresult *res, int field_num), (res, field_num))
SS_LIBPQ(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num))
SS_LIBPQ(PGcancel*, PQgetCancel, (PGconn *conn), (conn))
SS_LIBPQ(int, PQgetCopyData, (PGconn *conn, char **buffer, int async), (conn, buffer, async))
SS_LIBPQ(PGresult*, PQgetResult, (PGconn *conn), (conn))
SS_LIBPQ(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
SS_LIBPQ(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
SS_LIBPQ(char*, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
SS_LIBPQ(char*, PQhost, (const PGconn *conn), (conn))
SS_LIBPQ(int, PQisBusy, (PGconn *conn), (conn))
SS_LIBPQ(int, PQisthreadsafe, (void), ())
SS_LIBPQ(int, PQnfields, (const PGresult *res), (res))
SS_LIBPQ(PGnotify*, PQnotifies, (PGconn *conn), (conn))
SS_LIBPQ(int, PQntuples, (const PGresult *res), (res))
SS_LIBPQ(Oid, PQoidValue, (const PGresult *res), (res))
SS_LIBPQ(char*, PQport, (const PGconn *conn), (conn))
SS_LIBPQ(PGresult*, PQprepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes), (conn, stmtName, query, nParams, paramTypes))
SS_LIBPQ(int, PQprotocolVersion, (const PGconn *conn), (conn))
SS_LIBPQ(int, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes), (conn, buffer, nbytes))
SS_LIBPQ(int, PQputCopyEnd, (PGconn *conn, const char *errormsg), (conn, errormsg))
SS_LIBPQ(void, PQreset, (PGconn *conn), (conn))
SS_LIBPQ(char*, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))
SS_LIBPQ(char*, PQresultErrorMessage, (const PGresult *res), (res))
SS_LIBPQ(ExecStatusType, PQresultStatus, (const PGresult *res), (res))
SS_LIBPQ(int, PQsendQuery, (PGconn *conn, const char *query), (conn, query))
SS_LIBPQ(int, PQserverVersion, (const PGconn *conn), (conn))
SS_LIBPQ(int, PQsetClientEncoding, (PGconn *conn, const char *encoding), (conn, encoding))
SS_LIBPQ(PGVerbosity, PQsetErrorVerbosity, (PGconn *conn, PGVerbosity verbosity), (conn, verbosity))
SS_LIBPQ(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg))
SS_LIBPQ(int, PQsocket, (const PGconn *conn), (conn))
SS_LIBPQ(ConnStatusType, PQstatus, (const PGconn *conn), (conn))
SS_LIBPQ(void, PQtrace, (PGconn *conn, FILE *debug_port), (conn, debug_port))
SS_LIBPQ(unsigned char*, PQunescapeBytea, (const unsigned char *strtext, size_t *retbuflen), (strtext, retbuflen))
SS_LIBPQ(void, PQuntrace, (PGconn *conn), (conn))
SS_LIBPQ(char*, PQuser, (const PGconn *conn), (conn))
SS_LIBPQ(const char*, pg_encoding_to_char, (int encoding), (encoding))
}  // extern "C"
