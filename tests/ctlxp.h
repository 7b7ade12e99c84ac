/*
 * ctlxp.dll, the transport whose every step the test commands: what the test
 * and the transport share. The transport may be loaded by the test process
 * or by a child (the spooler's process): both find the control block and the
 * events by the name in the environment variable MAPI_CTLXP_NAME, and the
 * transport appends what it did, one line each, to the file MAPI_CTLXP_LOG
 * ("submit <subject>", "to <name> <<address>>" for each recipient it takes,
 * "sent <subject>", "received <subject>", "flush <flags>", "validate
 * <flags>", "address-types <type>", "cancel", "logoff", "abort-deferred",
 * "sent-deferred").
 *
 * recms.dll, the sample store seen through a recorder, sets
 * "<name>:slt-out" when StoreLogoffTransports returned, with what it said in
 * the control block.
 *
 * A step the test holds (hold bit set) sets "<name>:<step>-in" when it has
 * begun, then waits for "<name>:<step>-go" (auto-reset), for
 * NOTIFY_CANCEL_MESSAGE of its message or for TransportLogoff; then it does
 * what the control block says.
 */
#ifndef __CTLXP_H
#define __CTLXP_H

#define CTLXP_HOLD_SUBMIT  0x1
#define CTLXP_HOLD_END     0x2
#define CTLXP_HOLD_START   0x4
#define CTLXP_HOLD_FLUSH   0x8

#define CTLXP_STEPS 4
static const char * const ctlxp_steps[CTLXP_STEPS] = { "submit", "end", "start", "flush" };

struct ctlxp_control
{
    LONG hold;                  /* CTLXP_HOLD_* */
    LONG submit_result;         /* what SubmitMessage answers (HRESULT) */
    LONG submit_parm;           /* ... with this in lpulReturnParm (seconds) */
    LONG end_flags;             /* what EndMessage answers */
    LONG inbound_waiting;       /* messages Poll reports and StartMessage delivers */
    LONG inbound_next;          /* number in the next delivered subject ("inbound N") */
    LONG notify_sent_deferred;  /* the next Poll says NOTIFY_SENTDEFERRED for the message kept */
    LONG submit_calls;
    LONG end_calls;
    LONG start_calls;
    LONG flush_calls;
    LONG flush_flags;
    LONG logon_calls;
    LONG logoff_calls;
    LONG cancel_calls;
    LONG abort_deferred_calls;
    LONG last_pid;              /* the process of the last SubmitMessage */
    /* recms.dll: what IMAPISupport::StoreLogoffTransports got and answered for a client's store */
    LONG slt_calls;
    LONG slt_in;
    LONG slt_out;
    LONG slt_hr;
    /* CtlPreprocess: 1 makes one extra message, "<subject> extra" to the same recipients */
    LONG preprocess_extra;
    LONG preprocess_calls;
    /* ValidateState: calls, the last flags and process */
    LONG validate_calls;
    LONG validate_flags;
    LONG validate_pid;
    LONG flush_pid;             /* the process of the last FlushQueues */
    /* the address type AddressTypes answers from now on, "CTL" when empty; the recipients the transport
     * takes are of the type it answered last */
    char address_type[16];
};

static inline void ctlxp_event_name(char *buffer, size_t size, const char *name, const char *step, const char *what)
{
    snprintf(buffer, size, "%s:%s-%s", name, step, what);
}

/* The control block of the name, created when missing (all zero). */
static inline struct ctlxp_control *ctlxp_control_open(const char *name, HANDLE *mapping)
{
    char object[MAX_PATH];

    snprintf(object, sizeof(object), "%s:control", name);
    if (!(*mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                        sizeof(struct ctlxp_control), object)))
        return NULL;
    return MapViewOfFile(*mapping, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(struct ctlxp_control));
}

#endif /* __CTLXP_H */
