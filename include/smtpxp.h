/*
 * The sample SMTP transport (smtpxp32.dll, message service SMTPXP): the
 * properties of its profile section that configure it.
 *
 * They are set when the service is configured (its entry point,
 * MSG_SERVICE_CREATE or MSG_SERVICE_CONFIGURE) or written into the
 * transport's profile section directly; the transport reads them at
 * TransportLogon. See the README, "The SMTP transport".
 */

#ifndef SMTPXP_H
#define SMTPXP_H

#include <mapidefs.h>

/* Host name or address of the SMTP server outbound mail goes to. Required for sending. */
#define PR_SMTPXP_SERVER        PROP_TAG(PT_UNICODE, 0x6710)
/* Its TCP port; 25 when absent. */
#define PR_SMTPXP_PORT          PROP_TAG(PT_LONG, 0x6711)
/* The sender's address: SMTP's MAIL FROM and the From header's default. Required for sending. */
#define PR_SMTPXP_SENDER        PROP_TAG(PT_UNICODE, 0x6712)
/* Folder of the Maildir (with new/, cur/, tmp/) inbound mail is read from; no inbound mail when absent. */
#define PR_SMTPXP_MAILDIR       PROP_TAG(PT_UNICODE, 0x6713)
/* How often, in milliseconds, the Maildir is looked at; 10000 when absent. */
#define PR_SMTPXP_POLL_INTERVAL PROP_TAG(PT_LONG, 0x6714)
/* Seconds the spooler is asked to wait before it tries a message again when the server
 * could not be reached (SubmitMessage's MAPI_E_NETWORK_ERROR); 60 when absent. */
#define PR_SMTPXP_RETRY_INTERVAL PROP_TAG(PT_LONG, 0x6715)

/* The name of the service in MAPISVC.INF and of its entry point. */
#define SMTPXP_SERVICE_NAME     "SMTPXP"
#define SMTPXP_SERVICE_ENTRY    "SMTPXP_ServiceEntry"

#endif /* SMTPXP_H */
