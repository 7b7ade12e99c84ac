/*
 * ctlxp.dll: a transport provider whose every step waits for the test's
 * command (ctlxp.h), so that the spooler can be caught in any state without
 * relying on timing: a message in SubmitMessage or EndMessage, a delivery in
 * StartMessage, a FlushQueues under way. It takes the address type CTL, or
 * the one the control block names when the spooler asks (AddressTypes);
 * recipients whose address starts with "refused" get a non-delivery report
 * (StatusRecips). It also registers a preprocessor (CtlPreprocess) for CTL
 * messages, which marks them so that SubmitMessage can tell, and makes one
 * extra message each time when the control block asks for it.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "mapispi.h"
#include "ctlxp.h"

#define STEP_SUBMIT 0
#define STEP_END    1
#define STEP_START  2
#define STEP_FLUSH  3

struct logon
{
    IXPLogon IXPLogon_iface;
    LONG ref;
    IMAPISupport *support;
    struct ctlxp_control *control;
    HANDLE mapping;
    HANDLE in[CTLXP_STEPS], go[CTLXP_STEPS];
    HANDLE stop;                /* manual: TransportLogoff */
    HANDLE cancel;              /* manual: NOTIFY_CANCEL_MESSAGE of the message in SubmitMessage */
    LONG next_ref;
    LONG current_ref;
    CRITICAL_SECTION cs;
    SBinary kept;               /* the message END_DONT_RESEND kept */
    char address_type[16];      /* what AddressTypes answered last */
    LPSTR address_types[1];
};

struct provider
{
    IXPProvider IXPProvider_iface;
    LONG ref;
};

static void WINAPIV ctl_log(const char *format, ...)
{
    char path[MAX_PATH], line[512];
    va_list args;
    HANDLE file;
    DWORD written;
    int len;

    if (!GetEnvironmentVariableA("MAPI_CTLXP_LOG", path, sizeof(path))) return;
    va_start(args, format);
    len = vsnprintf(line, sizeof(line) - 2, format, args);
    va_end(args);
    if (len < 0 || len > (int)sizeof(line) - 2) len = sizeof(line) - 2;
    line[len++] = '\n';
    file = CreateFileA(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       OPEN_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return;
    WriteFile(file, line, len, &written, NULL);
    CloseHandle(file);
}

static inline struct logon *impl_from_IXPLogon(IXPLogon *iface)
{
    return CONTAINING_RECORD(iface, struct logon, IXPLogon_iface);
}

/* A held step waits for the test: TRUE when it may go on, FALSE when cancelled or logged off. */
static BOOL wait_for_test(struct logon *logon, int step)
{
    HANDLE handles[3] = { logon->go[step], logon->stop, logon->cancel };
    DWORD ret;

    if (WaitForSingleObject(logon->stop, 0) == WAIT_OBJECT_0) return FALSE;
    if (!(logon->control->hold & (1 << step))) return TRUE;
    SetEvent(logon->in[step]);
    ret = WaitForMultipleObjects(step == STEP_SUBMIT ? 3 : 2, handles, FALSE, 120000);
    return ret == WAIT_OBJECT_0;
}

static HRESULT WINAPI logon_QueryInterface(IXPLogon *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IXPLogon))
    {
        *obj = iface;
        IXPLogon_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI logon_AddRef(IXPLogon *iface)
{
    return InterlockedIncrement(&impl_from_IXPLogon(iface)->ref);
}

static ULONG WINAPI logon_Release(IXPLogon *iface)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    ULONG ref = InterlockedDecrement(&logon->ref);
    int i;

    if (!ref)
    {
        if (logon->support) IMAPISupport_Release(logon->support);
        for (i = 0; i < CTLXP_STEPS; i++)
        {
            CloseHandle(logon->in[i]);
            CloseHandle(logon->go[i]);
        }
        CloseHandle(logon->stop);
        CloseHandle(logon->cancel);
        UnmapViewOfFile(logon->control);
        CloseHandle(logon->mapping);
        HeapFree(GetProcessHeap(), 0, logon->kept.lpb);
        DeleteCriticalSection(&logon->cs);
        HeapFree(GetProcessHeap(), 0, logon);
    }
    return ref;
}

/* The memory is the transport's until it is asked again or logged off. */
static HRESULT WINAPI logon_AddressTypes(IXPLogon *iface, ULONG *flags, ULONG *type_count, LPSTR **types,
                                         ULONG *uid_count, LPMAPIUID **uids)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    char type[sizeof(logon->address_type)];

    memcpy(type, logon->control->address_type, sizeof(type));
    type[sizeof(type) - 1] = 0;
    EnterCriticalSection(&logon->cs);
    strcpy(logon->address_type, type[0] ? type : "CTL");
    LeaveCriticalSection(&logon->cs);
    logon->address_types[0] = logon->address_type;
    ctl_log("address-types %s", logon->address_type);
    *flags = 0;
    *type_count = 1;
    *types = logon->address_types;
    *uid_count = 0;
    *uids = NULL;
    return S_OK;
}

static HRESULT WINAPI logon_RegisterOptions(IXPLogon *iface, ULONG *flags, ULONG *count, LPOPTIONDATA *options)
{
    *flags = 0;
    *count = 0;
    *options = NULL;
    return S_OK;
}

static HRESULT WINAPI logon_TransportNotify(IXPLogon *iface, ULONG *flags, LPVOID *data)
{
    struct logon *logon = impl_from_IXPLogon(iface);

    if (*flags & NOTIFY_CANCEL_MESSAGE)
    {
        InterlockedIncrement(&logon->control->cancel_calls);
        ctl_log("cancel");
        if (data && *(ULONG *)data && *(ULONG *)data == (ULONG)logon->current_ref) SetEvent(logon->cancel);
    }
    if (*flags & NOTIFY_ABORT_DEFERRED)
    {
        InterlockedIncrement(&logon->control->abort_deferred_calls);
        ctl_log("abort-deferred");
    }
    return S_OK;
}

static HRESULT WINAPI logon_Idle(IXPLogon *iface, ULONG flags)
{
    return S_OK;
}

static HRESULT WINAPI logon_TransportLogoff(IXPLogon *iface, ULONG flags)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    IMAPISupport *support;

    InterlockedIncrement(&logon->control->logoff_calls);
    ctl_log("logoff");
    SetEvent(logon->stop);
    EnterCriticalSection(&logon->cs);
    support = logon->support;
    logon->support = NULL;
    LeaveCriticalSection(&logon->cs);
    if (support) IMAPISupport_Release(support);
    return S_OK;
}

static char *get_string(IMessage *message, ULONG tag)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    SPropValue *value;
    ULONG count;
    char *ret = NULL;

    if (SUCCEEDED(IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &value)))
    {
        if (value->ulPropTag == tag && (ret = HeapAlloc(GetProcessHeap(), 0, strlen(value->Value.lpszA) + 1)))
            strcpy(ret, value->Value.lpszA);
        MAPIFreeBuffer(value);
    }
    return ret;
}

/* CTL recipients become ours (PR_RESPONSIBILITY); the "refused" ones get a report. */
static HRESULT take_recipients(struct logon *logon, IMessage *message)
{
    IMAPITable *table;
    SRowSet *rows;
    ADRLIST *mine = NULL, *refused = NULL;
    IMAPISupport *support;
    char mine_type[sizeof(logon->address_type)];
    FILETIME now;
    ULONG i, j;
    HRESULT hr;

    EnterCriticalSection(&logon->cs);
    strcpy(mine_type, logon->address_type);
    LeaveCriticalSection(&logon->cs);

    if (FAILED(hr = IMessage_GetRecipientTable(message, 0, &table))) return hr;
    hr = HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    MAPIAllocateBuffer(CbNewADRLIST(rows->cRows + 1), (void **)&mine);
    MAPIAllocateBuffer(CbNewADRLIST(rows->cRows + 1), (void **)&refused);
    mine->cEntries = refused->cEntries = 0;
    GetSystemTimeAsFileTime(&now);
    for (i = 0; i < rows->cRows; i++)
    {
        SRow *row = &rows->aRow[i];
        SPropValue *type = PpropFindProp(row->lpProps, row->cValues, PR_ADDRTYPE_A);
        SPropValue *address = PpropFindProp(row->lpProps, row->cValues, PR_EMAIL_ADDRESS_A);
        SPropValue *responsible = PpropFindProp(row->lpProps, row->cValues, PR_RESPONSIBILITY);
        SPropValue *name = PpropFindProp(row->lpProps, row->cValues, PR_DISPLAY_NAME_A);
        SPropValue *props;
        ULONG n = 0;

        if (!type || strcmp(type->Value.lpszA, mine_type) || (responsible && responsible->Value.b)) continue;
        ctl_log("to %s <%s>", name ? name->Value.lpszA : "", address ? address->Value.lpszA : "");
        MAPIAllocateBuffer((row->cValues + 1) * sizeof(SPropValue), (void **)&props);
        for (j = 0; j < row->cValues; j++)
            if (PROP_TYPE(row->lpProps[j].ulPropTag) != PT_ERROR && row->lpProps[j].ulPropTag != PR_RESPONSIBILITY)
                PropCopyMore(&props[n++], &row->lpProps[j], MAPIAllocateMore, props);
        props[n].ulPropTag = PR_RESPONSIBILITY;
        props[n++].Value.b = TRUE;
        mine->aEntries[mine->cEntries].ulReserved1 = 0;
        mine->aEntries[mine->cEntries].cValues = n;
        mine->aEntries[mine->cEntries++].rgPropVals = props;

        if (address && !strncmp(address->Value.lpszA, "refused", 7))
        {
            MAPIAllocateBuffer((row->cValues + 5) * sizeof(SPropValue), (void **)&props);
            for (j = n = 0; j < row->cValues; j++)
                if (PROP_TYPE(row->lpProps[j].ulPropTag) != PT_ERROR)
                    PropCopyMore(&props[n++], &row->lpProps[j], MAPIAllocateMore, props);
            props[n].ulPropTag = PR_REPORT_TEXT_A;
            props[n++].Value.lpszA = (char *)"The controlled transport refuses this recipient.";
            props[n].ulPropTag = PR_NDR_REASON_CODE;
            props[n++].Value.l = 0; /* MAPI_REASON_TRANSFER_FAILED */
            props[n].ulPropTag = PR_NDR_DIAG_CODE;
            props[n++].Value.l = 0; /* MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN */
            props[n].ulPropTag = PR_REPORT_TIME;
            props[n++].Value.ft = now;
            refused->aEntries[refused->cEntries].ulReserved1 = 0;
            refused->aEntries[refused->cEntries].cValues = n;
            refused->aEntries[refused->cEntries++].rgPropVals = props;
        }
    }
    FreeProws(rows);
    EnterCriticalSection(&logon->cs);
    if ((support = logon->support)) IMAPISupport_AddRef(support);
    LeaveCriticalSection(&logon->cs);
    if (refused->cEntries && support)
    {
        /* MAPI frees the list when the call succeeds. */
        if (FAILED(hr = IMAPISupport_StatusRecips(support, message, refused))) FreePadrlist(refused);
        refused = NULL;
    }
    if (refused) FreePadrlist(refused);
    if (support) IMAPISupport_Release(support);
    hr = mine->cEntries ? IMessage_ModifyRecipients(message, MODRECIP_MODIFY, mine) : S_OK;
    FreePadrlist(mine);
    return hr;
}

static void keep_entryid(struct logon *logon, IMessage *message)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_ENTRYID } };
    SPropValue *value;
    ULONG count;

    if (FAILED(IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &value))) return;
    if (value->ulPropTag == PR_ENTRYID)
    {
        EnterCriticalSection(&logon->cs);
        HeapFree(GetProcessHeap(), 0, logon->kept.lpb);
        if ((logon->kept.lpb = HeapAlloc(GetProcessHeap(), 0, value->Value.bin.cb)))
        {
            logon->kept.cb = value->Value.bin.cb;
            memcpy(logon->kept.lpb, value->Value.bin.lpb, logon->kept.cb);
        }
        LeaveCriticalSection(&logon->cs);
    }
    MAPIFreeBuffer(value);
}

static HRESULT WINAPI logon_SubmitMessage(IXPLogon *iface, ULONG flags, LPMESSAGE message, ULONG *ref,
                                          ULONG *return_parm)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    char *subject, *comment;
    BOOL preprocessed;
    HRESULT hr;

    InterlockedIncrement(&logon->control->submit_calls);
    logon->control->last_pid = GetCurrentProcessId();
    ResetEvent(logon->cancel);
    *ref = logon->current_ref = InterlockedIncrement(&logon->next_ref);
    subject = get_string(message, PR_SUBJECT_A);
    comment = get_string(message, PR_COMMENT_A);
    preprocessed = comment && !strcmp(comment, "preprocessed");
    ctl_log("submit %s%s", subject ? subject : "", preprocessed ? " preprocessed" : "");
    if (!wait_for_test(logon, STEP_SUBMIT))
    {
        ctl_log("cancelled %s", subject ? subject : "");
        hr = MAPI_E_USER_CANCEL;
    }
    else if (FAILED(hr = logon->control->submit_result))
    {
        if (return_parm) *return_parm = logon->control->submit_parm;
        ctl_log("failed %s %#lx", subject ? subject : "", hr);
    }
    else if (SUCCEEDED(hr = take_recipients(logon, message)))
    {
        keep_entryid(logon, message);
        ctl_log("sent %s", subject ? subject : "");
    }
    logon->current_ref = 0;
    HeapFree(GetProcessHeap(), 0, subject);
    HeapFree(GetProcessHeap(), 0, comment);
    return hr;
}

static HRESULT WINAPI logon_EndMessage(IXPLogon *iface, ULONG ref, ULONG *flags)
{
    struct logon *logon = impl_from_IXPLogon(iface);

    InterlockedIncrement(&logon->control->end_calls);
    *flags = 0;
    if (!wait_for_test(logon, STEP_END)) return S_OK;
    *flags = logon->control->end_flags;
    return S_OK;
}

static HRESULT WINAPI logon_Poll(IXPLogon *iface, ULONG *incoming)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    IMAPISupport *support = NULL;
    SBinary kept = { 0 };

    if (InterlockedExchange(&logon->control->notify_sent_deferred, 0))
    {
        EnterCriticalSection(&logon->cs);
        kept = logon->kept;
        logon->kept.lpb = NULL;
        logon->kept.cb = 0;
        if ((support = logon->support)) IMAPISupport_AddRef(support);
        LeaveCriticalSection(&logon->cs);
        if (support && kept.lpb)
        {
            ctl_log("sent-deferred");
            IMAPISupport_SpoolerNotify(support, NOTIFY_SENTDEFERRED, &kept);
        }
        if (support) IMAPISupport_Release(support);
        HeapFree(GetProcessHeap(), 0, kept.lpb);
    }
    *incoming = max(0, logon->control->inbound_waiting);
    return S_OK;
}

static HRESULT WINAPI logon_StartMessage(IXPLogon *iface, ULONG flags, LPMESSAGE message, ULONG *ref)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    SPropValue props[5];
    char subject[64];
    FILETIME now;
    LONG number;
    HRESULT hr;

    InterlockedIncrement(&logon->control->start_calls);
    *ref = InterlockedIncrement(&logon->next_ref);
    /* Nothing waits: the message stays unsaved, which tells the spooler there was none. */
    if (logon->control->inbound_waiting <= 0) return S_OK;
    if (!wait_for_test(logon, STEP_START)) return MAPI_E_USER_CANCEL;
    number = InterlockedIncrement(&logon->control->inbound_next);
    snprintf(subject, sizeof(subject), "inbound %ld", number);
    GetSystemTimeAsFileTime(&now);
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = subject;
    props[1].ulPropTag = PR_MESSAGE_CLASS_A;
    props[1].Value.lpszA = (char *)"IPM.Note";
    props[2].ulPropTag = PR_BODY_A;
    props[2].Value.lpszA = (char *)"Delivered by the controlled transport.";
    props[3].ulPropTag = PR_SENDER_NAME_A;
    props[3].Value.lpszA = (char *)"Controlled Sender";
    props[4].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
    props[4].Value.ft = now;
    if (FAILED(hr = IMessage_SetProps(message, 5, props, NULL))) return hr;
    if (FAILED(hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE))) return hr;
    InterlockedDecrement(&logon->control->inbound_waiting);
    ctl_log("received %s", subject);
    return S_OK;
}

static HRESULT WINAPI logon_OpenStatusEntry(IXPLogon *iface, LPCIID iid, ULONG flags, ULONG *type,
                                            LPMAPISTATUS *entry)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_ValidateState(IXPLogon *iface, ULONG_PTR ui_param, ULONG flags)
{
    struct logon *logon = impl_from_IXPLogon(iface);

    InterlockedIncrement(&logon->control->validate_calls);
    logon->control->validate_flags = flags;
    logon->control->validate_pid = GetCurrentProcessId();
    ctl_log("validate %#lx", flags);
    return S_OK;
}

static HRESULT WINAPI logon_FlushQueues(IXPLogon *iface, ULONG_PTR ui_param, ULONG size, LPENTRYID target,
                                        ULONG flags)
{
    struct logon *logon = impl_from_IXPLogon(iface);

    InterlockedIncrement(&logon->control->flush_calls);
    logon->control->flush_flags = flags;
    logon->control->flush_pid = GetCurrentProcessId();
    ctl_log("flush %#lx", flags);
    wait_for_test(logon, STEP_FLUSH);
    ctl_log("flushed");
    return S_OK;
}

static IXPLogonVtbl logon_vtbl =
{
    logon_QueryInterface,
    logon_AddRef,
    logon_Release,
    logon_AddressTypes,
    logon_RegisterOptions,
    logon_TransportNotify,
    logon_Idle,
    logon_TransportLogoff,
    logon_SubmitMessage,
    logon_EndMessage,
    logon_Poll,
    logon_StartMessage,
    logon_OpenStatusEntry,
    logon_ValidateState,
    logon_FlushQueues,
};

static HRESULT WINAPI provider_QueryInterface(IXPProvider *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IXPProvider))
    {
        *obj = iface;
        IXPProvider_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI provider_AddRef(IXPProvider *iface)
{
    return InterlockedIncrement(&CONTAINING_RECORD(iface, struct provider, IXPProvider_iface)->ref);
}

static ULONG WINAPI provider_Release(IXPProvider *iface)
{
    struct provider *provider = CONTAINING_RECORD(iface, struct provider, IXPProvider_iface);
    ULONG ref = InterlockedDecrement(&provider->ref);

    if (!ref) HeapFree(GetProcessHeap(), 0, provider);
    return ref;
}

static HRESULT WINAPI provider_Shutdown(IXPProvider *iface, ULONG *flags)
{
    return S_OK;
}

static HRESULT WINAPI provider_TransportLogon(IXPProvider *iface, LPMAPISUP support, ULONG_PTR ui_param,
                                              LPSTR profile, ULONG *flags, LPMAPIERROR *error, LPXPLOGON *xp_logon)
{
    char name[MAX_PATH], event[MAX_PATH + 32];
    SPropValue status[2];
    struct logon *logon;
    int i;

    *error = NULL;
    if (!GetEnvironmentVariableA("MAPI_CTLXP_NAME", name, sizeof(name))) return MAPI_E_UNCONFIGURED;
    if (!(logon = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*logon)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    logon->IXPLogon_iface.lpVtbl = &logon_vtbl;
    logon->ref = 1;
    logon->support = support;
    IMAPISupport_AddRef(support);
    InitializeCriticalSection(&logon->cs);
    logon->control = ctlxp_control_open(name, &logon->mapping);
    for (i = 0; i < CTLXP_STEPS; i++)
    {
        ctlxp_event_name(event, sizeof(event), name, ctlxp_steps[i], "in");
        logon->in[i] = CreateEventA(NULL, FALSE, FALSE, event);
        ctlxp_event_name(event, sizeof(event), name, ctlxp_steps[i], "go");
        logon->go[i] = CreateEventA(NULL, FALSE, FALSE, event);
    }
    logon->stop = CreateEventA(NULL, TRUE, FALSE, NULL);
    logon->cancel = CreateEventA(NULL, TRUE, FALSE, NULL);
    strcpy(logon->address_type, "CTL");
    InterlockedIncrement(&logon->control->logon_calls);

    IMAPISupport_RegisterPreprocessor(support, NULL, (LPSTR)"CTL", (LPSTR)"ctlxp.dll", (LPSTR)"CtlPreprocess",
                                      (LPSTR)"CtlRemovePreprocessInfo", 0);
    status[0].ulPropTag = PR_STATUS_STRING_A;
    status[0].Value.lpszA = (char *)"Controlled transport ready";
    status[1].ulPropTag = PR_STATUS_CODE;
    status[1].Value.l = STATUS_AVAILABLE;
    IMAPISupport_ModifyStatusRow(support, 2, status, STATUSROW_UPDATE);

    *flags = LOGON_SP_POLL;
    *xp_logon = &logon->IXPLogon_iface;
    return S_OK;
}

static IXPProviderVtbl provider_vtbl =
{
    provider_QueryInterface,
    provider_AddRef,
    provider_Release,
    provider_Shutdown,
    provider_TransportLogon,
};

HRESULT __cdecl XPProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate,
                               LPALLOCATEMORE more, LPFREEBUFFER free, ULONG flags, ULONG mapi_version,
                               ULONG *provider_version, LPXPPROVIDER *xp_provider)
{
    struct provider *provider;

    *provider_version = CURRENT_SPI_VERSION;
    if (!(provider = HeapAlloc(GetProcessHeap(), 0, sizeof(*provider)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    provider->IXPProvider_iface.lpVtbl = &provider_vtbl;
    provider->ref = 1;
    *xp_provider = &provider->IXPProvider_iface;
    return S_OK;
}

HRESULT WINAPI CtlServiceEntry(HINSTANCE instance, LPMALLOC malloc, LPMAPISUP support, ULONG_PTR ui_param,
                               ULONG flags, ULONG context, ULONG count, LPSPropValue props, LPPROVIDERADMIN admin,
                               LPMAPIERROR *error)
{
    if (error) *error = NULL;
    return S_OK;
}

/* An extra message for the spooler to send: in the message's folder, "<subject> extra", to the
 * same recipients, filed like the message once sent. */
static IMessage *make_extra(IMessage *message, IMAPIFolder *folder)
{
    static const SizedSPropTagArray(2, tags) = { 2, { PR_SUBJECT_A, PR_SENTMAIL_ENTRYID } };
    static const SizedSPropTagArray(4, recip_tags) =
        { 4, { PR_DISPLAY_NAME_A, PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_RECIPIENT_TYPE } };
    SPropValue *original, props[4];
    IMessage *extra = NULL;
    IMAPITable *table;
    SRowSet *rows;
    char subject[256];
    ULONG count;
    HRESULT hr;

    if (FAILED(IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &original))) return NULL;
    snprintf(subject, sizeof(subject), "%s extra",
             original[0].ulPropTag == PR_SUBJECT_A ? original[0].Value.lpszA : "");
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = subject;
    props[1].ulPropTag = PR_MESSAGE_CLASS_A;
    props[1].Value.lpszA = (char *)"IPM.Note";
    props[2].ulPropTag = PR_BODY_A;
    props[2].Value.lpszA = (char *)"Made by the controlled transport's preprocessor.";
    props[3] = original[1];
    if (SUCCEEDED(hr = IMAPIFolder_CreateMessage(folder, NULL, 0, &extra)) &&
        SUCCEEDED(hr = IMessage_SetProps(extra, original[1].ulPropTag == PR_SENTMAIL_ENTRYID ? 4 : 3, props, NULL)) &&
        SUCCEEDED(hr = IMessage_GetRecipientTable(message, 0, &table)))
    {
        if (SUCCEEDED(hr = HrQueryAllRows(table, (SPropTagArray *)&recip_tags, NULL, NULL, 0, &rows)))
        {
            /* An SRowSet is laid out as an ADRLIST. */
            hr = IMessage_ModifyRecipients(extra, MODRECIP_ADD, (ADRLIST *)rows);
            FreeProws(rows);
        }
        IMAPITable_Release(table);
    }
    MAPIFreeBuffer(original);
    if (FAILED(hr) && extra)
    {
        IMessage_Release(extra);
        extra = NULL;
    }
    if (!extra) ctl_log("extra failed %#lx", hr);
    return extra;
}

/* The preprocessor: marks the message, which SubmitMessage then reports; makes an extra message
 * when the control block asks for one. */
HRESULT WINAPI CtlPreprocess(LPVOID session, LPMESSAGE message, LPADRBOOK addrbook, LPMAPIFOLDER folder,
                             LPALLOCATEBUFFER allocate, LPALLOCATEMORE more, LPFREEBUFFER free,
                             ULONG *outbound, LPMESSAGE **messages, LPADRLIST *recipients)
{
    struct ctlxp_control *control;
    char name[MAX_PATH];
    SPropValue mark;
    HANDLE mapping = NULL;
    IMessage *extra;

    mark.ulPropTag = PR_COMMENT_A;
    mark.Value.lpszA = (char *)"preprocessed";
    *outbound = 0;
    *messages = NULL;
    *recipients = NULL;
    ctl_log("preprocess%s%s%s", session ? " session" : "", addrbook ? " addrbook" : "", folder ? " folder" : "");
    if (GetEnvironmentVariableA("MAPI_CTLXP_NAME", name, sizeof(name)) &&
        (control = ctlxp_control_open(name, &mapping)))
    {
        InterlockedIncrement(&control->preprocess_calls);
        if (control->preprocess_extra && folder && (extra = make_extra(message, folder)))
        {
            if (SUCCEEDED(allocate(sizeof(IMessage *), (void **)messages)))
            {
                (*messages)[0] = extra;
                *outbound = 1;
            }
            else IMessage_Release(extra);
        }
        UnmapViewOfFile(control);
    }
    if (mapping) CloseHandle(mapping);
    return IMessage_SetProps(message, 1, &mark, NULL);
}

HRESULT WINAPI CtlRemovePreprocessInfo(LPMESSAGE message)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_COMMENT_A } };

    ctl_log("remove-preprocess");
    return IMessage_DeleteProps(message, (SPropTagArray *)&tags, NULL);
}
