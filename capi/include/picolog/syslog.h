/*
 * picolog/syslog.h - the syslog handler: records to a syslog daemon over a
 * unix datagram socket, UDP or TCP, and its counters.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it
 * (picolog/queue.h for the queue options).
 */

#ifndef PICOLOG_SYSLOG_H
#define PICOLOG_SYSLOG_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/syslog.h> directly"
#endif

/* ------------------------------------------------------------------------ */
/* Syslog                                                                    */
/* ------------------------------------------------------------------------ */

/* A syslog handler never makes a log call wait for the network. It owns a
 * queue (see picolog/queue.h): the log call copies the record into it and
 * returns; the queue's listener thread formats and sends. When the peer is
 * unreachable the sender holds up to `hold` formatted messages and retries
 * with exponential backoff (backoff_initial_ms doubling up to
 * backoff_max_ms); a message pushed out of the hold is counted as
 * dropped_unreachable. When the link is back the peer first receives a
 * WARNING "picolog: N records dropped while <peer> was unreachable". With
 * the queue's PICOLOG_OVERFLOW_BLOCK policy a log call waits only when the
 * queue is full because the peer reads slower than the program logs.
 *
 * What can be known is counted: over TCP a record is "sent" once the kernel
 * took it; a daemon that dies with records in its own buffers loses them
 * without telling anyone (use a relay with RELP or a disk queue for that
 * hop; docs/shipping.md). */

#define PICOLOG_SYSLOG_UNIX 0 /* unix datagram socket (address: a path, default "/dev/log") */
#define PICOLOG_SYSLOG_UDP 1  /* UDP to address:port */
#define PICOLOG_SYSLOG_TCP 2  /* TCP to address:port */
#define PICOLOG_SYSLOG_TLS 3  /* TLS (RFC 5425, GnuTLS) over TCP to address:port; port 0 means 6514 */

#define PICOLOG_SYSLOG_RFC5424 0 /* <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG */
#define PICOLOG_SYSLOG_RFC3164 1 /* <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG */
#define PICOLOG_SYSLOG_BARE 2    /* <PRI>ident MSG: what Python's SysLogHandler sends */

#define PICOLOG_SYSLOG_FRAMING_OCTET 0 /* TCP: RFC 6587 octet counting, "LEN SP MSG" */
#define PICOLOG_SYSLOG_FRAMING_LF 1    /* TCP: MSG LF (a LF inside MSG splits it) */
#define PICOLOG_SYSLOG_FRAMING_NONE 2  /* TCP: no delimiter (Python's behaviour) */

/* A level's syslog severity (0 emergency .. 7 debug). */
typedef struct picolog_syslog_severity {
    int level;
    int severity;
} picolog_syslog_severity;

typedef struct picolog_syslog_options {
    unsigned version;      /* PICOLOG_SYSLOG_OPTIONS_VERSION */
    int transport;         /* PICOLOG_SYSLOG_UNIX, _UDP or _TCP */
    const char* address;   /* UNIX: socket path (NULL: "/dev/log"; "/run/systemd/journal/syslog"
                              reaches journald's syslog socket); UDP/TCP: host (NULL: "localhost") */
    uint16_t port;         /* UDP/TCP; 0 means 514 */
    int format;            /* PICOLOG_SYSLOG_RFC5424 (default), _RFC3164 or _BARE */
    int framing;           /* PICOLOG_SYSLOG_FRAMING_*, TCP only (default octet counting; TLS
                              always counts octets, RFC 5425) */
    int facility;          /* 0..23 (default 1, user; 16..23 are local0..local7) */
    const char* hostname;  /* NULL or "": this machine's name (RFC formats) */
    const char* app_name;  /* NULL or "": the program's name (RFC formats) */
    const char* msgid;     /* RFC 5424 MSGID; NULL or "": "-" */
    const char* ident;     /* BARE: text put before every message, as Python's ident */
    const char* sd_id;     /* RFC 5424 SD-ID of the record's structured fields (NULL: "fields") */
    int append_nul;        /* 1: a NUL after each message (Python's append_nul) */
    const picolog_syslog_severity* severities; /* entries overriding or adding to Python's map
                                                  (DEBUG 7, INFO 6, WARNING 4, ERROR 3, CRITICAL 2);
                                                  copied; may be NULL */
    size_t severity_count;
    int default_severity;        /* levels not in the map (default 4, warning, as Python) */
    size_t max_datagram;         /* UNIX/UDP: longer messages are cut at a UTF-8 boundary and
                                    counted as truncated (default 65507; at least 64) */
    size_t hold;                 /* messages held while the peer is unreachable (default 8192) */
    uint32_t backoff_initial_ms; /* first retry delay (default 100) */
    uint32_t backoff_max_ms;     /* retry delay cap (default 30000) */
    uint32_t connect_timeout_ms; /* TCP connect (default 5000) */
    uint32_t send_timeout_ms;    /* a write the peer does not take within this is a lost link
                                    (default 10000) */
    const char* tls_ca_file;     /* TLS: PEM trust anchors; NULL: the system's */
    const char* tls_cert_file;   /* TLS: PEM client certificate, or NULL */
    const char* tls_key_file;    /* TLS: PEM key of the client certificate, or NULL */
    int tls_verify;              /* TLS: 1 (default) the server's certificate must be valid for
                                    address; 0 accepts any (testing only) */
    picolog_queue_options queue; /* the queue between log calls and the sender */
    /* Version 2 */
    size_t max_message; /* TCP/TLS: longer messages are cut at a UTF-8 boundary and counted as
                           truncated, to stay within the receiver's limit (rsyslog keeps the first
                           maxMessageSize bytes, 8 KiB by default, and sends the rest on as
                           further messages); 0 (default): sent whole; else at least 64 */
} picolog_syslog_options;

#define PICOLOG_SYSLOG_OPTIONS_VERSION 2
#define PICOLOG_SYSLOG_OPTIONS_INIT                                                                        \
    { PICOLOG_SYSLOG_OPTIONS_VERSION, PICOLOG_SYSLOG_UNIX, NULL, 514, PICOLOG_SYSLOG_RFC5424,              \
      PICOLOG_SYSLOG_FRAMING_OCTET, 1, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, 4, 65507, 8192, 100, 30000, \
      5000, 10000, NULL, NULL, NULL, 1, PICOLOG_QUEUE_OPTIONS_INIT, 0 }

/* Writes the defaults of `version` (1 to PICOLOG_SYSLOG_OPTIONS_VERSION):
 * PICOLOG_SYSLOG_OPTIONS_INIT, its embedded queue options at the queue
 * version that `version` holds. Touches no byte past that version's struct.
 * PICOLOG_EINVAL for NULL, 0 or a version newer than this library's (the
 * message names both). */
PICOLOG_API int picolog_syslog_options_init(picolog_syslog_options* opts, unsigned version);

/* Builds a syslog handler and starts its sender thread. options may be NULL
 * for the defaults (RFC 5424 to /dev/log). Invalid options (and TLS
 * certificate files that cannot be loaded) are PICOLOG_EINVAL with a
 * message naming the problem; a daemon that is not
 * there is not an error (records are held). Every string is copied. *out is
 * owned; attach it to loggers like any handler. */
PICOLOG_API int picolog_syslog_handler_new(picolog_handler** out, const picolog_syslog_options* options);

typedef struct picolog_syslog_stats {
    uint64_t enqueued;            /* records accepted by the queue */
    uint64_t sent;                /* records written to the socket */
    uint64_t dropped_queue_full;  /* refused or evicted by the queue's overflow policy */
    uint64_t dropped_unreachable; /* held while the peer was unreachable, then pushed out */
    uint64_t dropped_closed;      /* still queued or held when the handler closed */
    uint64_t dropped_failed;      /* refused by the socket for good (not a lost link) */
    uint64_t truncated;           /* messages cut to max_datagram or max_message (also counted
                                     in sent) */
    uint64_t reconnects;          /* connections made after the first */
    uint64_t connect_failures;    /* connection attempts that failed */
    uint64_t reports;             /* drop notes sent in-band */
    uint64_t held;                /* messages held now, waiting for the peer */
    uint64_t queued;              /* records in the queue now */
} picolog_syslog_stats;

/* Counters of a syslog handler: PICOLOG_EINVAL for any other handler.
 * out_size is sizeof(picolog_syslog_stats). Once a flush has returned,
 * every record logged to the handler since is exactly one of: sent,
 * dropped_* (by cause), held or queued. */
PICOLOG_API int picolog_syslog_handler_stats(const picolog_handler* handler, picolog_syslog_stats* out,
                                             size_t out_size);

#endif /* PICOLOG_SYSLOG_H */
