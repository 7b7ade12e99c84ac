/*
 * foreignxp: a peer-to-peer transport provider as a third party writes one
 * for Windows' MAPI, built with mingw-w64's SDK headers and import library
 * only. Its address type is FXP; an address is a mailbox name. Two profiles
 * whose transports share a folder exchange mail through it:
 *
 *   <shared>\<mailbox>\<time>-<pid>-<n>.msg     a message for that mailbox
 *
 * SubmitMessage copies the spooler's message into a new .msg docfile
 * (OpenIMsgOnIStg, IMessage::CopyTo) under the name of every FXP recipient
 * and renames it into place when it is whole; Poll counts the files of its
 * own mailbox and StartMessage copies the oldest into the spooler's message,
 * saves it, and only then deletes the file.
 */

#define COBJMACROS
#define USES_IID_IXPProvider
#define USES_IID_IXPLogon
#define USES_IID_IMessage
#include <initguid.h>
#include <windows.h>
#include <mapix.h>
#include <mapispi.h>
#include <mapiutil.h>
#include <mapival.h>
#include <imessage.h>

#include "../foreign_log.h"

/* The SDK's mapival.h declares it; mingw-w64's does not. */
STDAPIV HrValidateParametersV(METHODS method, ...);

#define CALL(object, method, ...) ((object)->lpVtbl->method((object), ##__VA_ARGS__))

/* The profile properties of the service */
#define PR_FXP_SHARED_DIR   PROP_TAG(PT_STRING8, 0x6600)
#define PR_FXP_MAILBOX      PROP_TAG(PT_STRING8, 0x6601)

static LPALLOCATEBUFFER fxp_alloc;
static LPALLOCATEMORE fxp_more;
static LPFREEBUFFER fxp_free;
static LPMALLOC fxp_malloc;
static LONG file_counter;

struct logon
{
    IXPLogon IXPLogon_iface;
    LONG ref;
    IMAPISupport *support;      /* counted; NULL after TransportLogoff */
    LPMSGSESS msg_session;
    char shared[MAX_PATH];
    char mailbox[64];
    char inbox[MAX_PATH];       /* <shared>\<mailbox> */
    char *types[1];             /* what AddressTypes gives, kept until logoff */
    char type[4];
    ULONG next_ref;
    BOOL inbound, outbound;     /* what TransportNotify allows */
    ULONG sent, received;
};

static inline struct logon *impl_from_IXPLogon(IXPLogon *iface)
{
    return CONTAINING_RECORD(iface, struct logon, IXPLogon_iface);
}

static HRESULT STDMETHODCALLTYPE logon_QueryInterface(IXPLogon *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IXPLogon))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE logon_AddRef(IXPLogon *iface)
{
    return InterlockedIncrement(&impl_from_IXPLogon(iface)->ref);
}

static ULONG STDMETHODCALLTYPE logon_Release(IXPLogon *iface)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    ULONG ref = InterlockedDecrement(&logon->ref);

    if (ref) return ref;
    foreign_log("xp:IXPLogon::Release %s", logon->mailbox);
    if (logon->support) CALL(logon->support, Release);
    if (logon->msg_session) CloseIMsgSession(logon->msg_session);
    free(logon);
    return 0;
}

static HRESULT STDMETHODCALLTYPE logon_AddressTypes(IXPLogon *iface, ULONG *flags, ULONG *type_count,
                                                    LPTSTR **types, ULONG *uid_count, LPMAPIUID **uids)
{
    struct logon *logon = impl_from_IXPLogon(iface);

    Validate_IXPLogon_AddressTypes(iface, flags, type_count, types, uid_count, uids);
    /* ANSI strings, kept by the transport until it logs off. */
    *flags = 0;
    *type_count = 1;
    *types = logon->types;
    *uid_count = 0;
    *uids = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_RegisterOptions(IXPLogon *iface, ULONG *flags, ULONG *count,
                                                       LPOPTIONDATA *options)
{
    Validate_IXPLogon_RegisterOptions(iface, flags, count, options);
    *count = 0;
    *options = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_TransportNotify(IXPLogon *iface, ULONG *flags, LPVOID *data)
{
    struct logon *logon = impl_from_IXPLogon(iface);

    Validate_IXPLogon_TransportNotify(iface, flags, data);
    if (*flags & NOTIFY_BEGIN_INBOUND) logon->inbound = TRUE;
    if (*flags & NOTIFY_END_INBOUND) logon->inbound = FALSE;
    if (*flags & NOTIFY_BEGIN_OUTBOUND) logon->outbound = TRUE;
    if (*flags & NOTIFY_END_OUTBOUND) logon->outbound = FALSE;
    foreign_log("xp:TransportNotify %s flags=%#lx", logon->mailbox, *flags);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_Idle(IXPLogon *iface, ULONG flags)
{
    Validate_IXPLogon_Idle(iface, flags);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_TransportLogoff(IXPLogon *iface, ULONG flags)
{
    struct logon *logon = impl_from_IXPLogon(iface);

    Validate_IXPLogon_TransportLogoff(iface, flags);
    foreign_log("xp:TransportLogoff %s sent=%lu received=%lu", logon->mailbox, logon->sent, logon->received);
    if (logon->support) CALL(logon->support, Release);
    logon->support = NULL;
    return S_OK;
}

static HRESULT create_docfile(struct logon *logon, const char *path, IStorage **storage, IMessage **message)
{
    WCHAR wpath[MAX_PATH];
    HRESULT hr;

    MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, MAX_PATH);
    if (FAILED(hr = StgCreateDocfile(wpath, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, storage)))
        return hr;
    if (FAILED(hr = OpenIMsgOnIStg(logon->msg_session, fxp_alloc, fxp_more, fxp_free, fxp_malloc, NULL, *storage,
                                   NULL, 0, 0, message)))
    {
        IStorage_Release(*storage);
        *storage = NULL;
    }
    return hr;
}

/* The message as the peer will find it: a copy without the sender's store's
 * bookkeeping, with the sender named. */
static HRESULT write_copy(struct logon *logon, IMessage *message, const char *mailbox)
{
    static const SizedSPropTagArray(10, excluded) =
    {
        10, { PR_ENTRYID, PR_RECORD_KEY, PR_PARENT_ENTRYID, PR_STORE_ENTRYID, PR_STORE_RECORD_KEY,
              PR_SENTMAIL_ENTRYID, PR_DELETE_AFTER_SUBMIT, PR_SUBMIT_FLAGS, PR_MESSAGE_FLAGS, PR_ACCESS_LEVEL }
    };
    char dir[MAX_PATH], temp[MAX_PATH], path[MAX_PATH];
    SPropProblemArray *problems = NULL;
    SPropValue sender[5];
    IStorage *storage;
    IMessage *copy;
    FILETIME now;
    ENTRYID *one_off;
    ULONG one_off_size = 0;
    HRESULT hr;

    snprintf(dir, sizeof(dir), "%s\\%s", logon->shared, mailbox);
    CreateDirectoryA(dir, NULL);
    GetSystemTimeAsFileTime(&now);
    snprintf(temp, sizeof(temp), "%s\\%08lX%08lX-%lu-%lu.tmp", dir, now.dwHighDateTime, now.dwLowDateTime,
             GetCurrentProcessId(), (ULONG)InterlockedIncrement(&file_counter));
    if (FAILED(hr = create_docfile(logon, temp, &storage, &copy))) return MAPI_E_NETWORK_ERROR;

    hr = CALL(message, CopyTo, 0, NULL, (SPropTagArray *)&excluded, 0, NULL, &IID_IMessage, copy, 0, &problems);
    fxp_free(problems);
    if (SUCCEEDED(hr))
    {
        sender[0].ulPropTag = PR_SENDER_NAME_A;
        sender[0].Value.lpszA = logon->mailbox;
        sender[1].ulPropTag = PR_SENDER_ADDRTYPE_A;
        sender[1].Value.lpszA = logon->type;
        sender[2].ulPropTag = PR_SENDER_EMAIL_ADDRESS_A;
        sender[2].Value.lpszA = logon->mailbox;
        sender[3].ulPropTag = PR_MESSAGE_FLAGS;
        sender[3].Value.l = 0;
        /* How the peer will answer: a one-off entry ID of MAPI's. */
        if (SUCCEEDED(CALL(logon->support, CreateOneOff, logon->mailbox, logon->type, logon->mailbox, 0,
                           &one_off_size, &one_off)))
        {
            sender[4].ulPropTag = PR_SENDER_ENTRYID;
            sender[4].Value.bin.cb = one_off_size;
            sender[4].Value.bin.lpb = (BYTE *)one_off;
        }
        hr = CALL(copy, SetProps, one_off_size ? 5 : 4, sender, NULL);
        if (one_off_size) fxp_free(one_off);
    }
    if (SUCCEEDED(hr)) hr = CALL(copy, SaveChanges, 0);
    CALL(copy, Release);
    IStorage_Release(storage);
    /* Whole, it gets its name: the peer never sees half a message. */
    strcpy(path, temp);
    strcpy(strrchr(path, '.'), ".msg");
    if (SUCCEEDED(hr) && !MoveFileA(temp, path)) hr = MAPI_E_NETWORK_ERROR;
    if (FAILED(hr)) DeleteFileA(temp);
    else foreign_log("xp:wrote %s", strrchr(path, '\\') + 1);
    return hr;
}

static HRESULT STDMETHODCALLTYPE logon_SubmitMessage(IXPLogon *iface, ULONG flags, LPMESSAGE message, ULONG *ref,
                                                     ULONG *return_parm)
{
    static const SizedSPropTagArray(4, columns) =
        { 4, { PR_ROWID, PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_RESPONSIBILITY } };
    struct logon *logon = impl_from_IXPLogon(iface);
    LPMAPITABLE table;
    LPSRowSet rows;
    ADRLIST *done;
    ULONG i;
    HRESULT hr;

    Validate_IXPLogon_SubmitMessage(iface, flags, message, ref, return_parm);
    *ref = ++logon->next_ref;
    if (FAILED(hr = CALL(message, GetRecipientTable, 0, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    CALL(table, Release);
    if (FAILED(hr)) return hr;
    if ((hr = fxp_alloc(CbNewADRLIST(rows->cRows ? rows->cRows : 1), (void **)&done)))
    {
        FreeProws(rows);
        return hr;
    }
    done->cEntries = 0;
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *row = rows->aRow[i].lpProps, *mark;

        if (row[1].ulPropTag != PR_ADDRTYPE_A || lstrcmpiA(row[1].Value.lpszA, logon->type)) continue;
        if (row[3].ulPropTag == PR_RESPONSIBILITY && row[3].Value.b) continue;
        if (row[2].ulPropTag != PR_EMAIL_ADDRESS_A || !row[2].Value.lpszA[0] || strpbrk(row[2].Value.lpszA, "\\/:"))
            continue;
        if (FAILED(hr = write_copy(logon, message, row[2].Value.lpszA)))
        {
            /* Nothing is marked: the spooler tries again, later. */
            *return_parm = 30;
            break;
        }
        /* Taken: the spooler gives no other transport this recipient. */
        if ((hr = fxp_more(2 * sizeof(SPropValue), done, (void **)&mark))) break;
        mark[0] = row[0];
        mark[1].ulPropTag = PR_RESPONSIBILITY;
        mark[1].Value.b = TRUE;
        done->aEntries[done->cEntries].ulReserved1 = 0;
        done->aEntries[done->cEntries].cValues = 2;
        done->aEntries[done->cEntries++].rgPropVals = mark;
    }
    if (SUCCEEDED(hr) && done->cEntries) hr = CALL(message, ModifyRecipients, MODRECIP_MODIFY, done);
    if (SUCCEEDED(hr)) logon->sent += done->cEntries;
    foreign_log("xp:SubmitMessage %s recipients=%lu hr=%#lx", logon->mailbox, done->cEntries, hr);
    fxp_free(done);
    FreeProws(rows);
    return hr;
}

static HRESULT STDMETHODCALLTYPE logon_EndMessage(IXPLogon *iface, ULONG ref, ULONG *flags)
{
    Validate_IXPLogon_EndMessage(iface, ref, flags);
    /* Every file is written before SubmitMessage returns: nothing is left to do. */
    *flags = 0;
    return S_OK;
}

/* The oldest message of the mailbox: names start with the time they were written. */
static BOOL oldest_file(struct logon *logon, char *path, ULONG *count)
{
    WIN32_FIND_DATAA find;
    char pattern[MAX_PATH], best[MAX_PATH] = "";
    HANDLE handle;

    *count = 0;
    snprintf(pattern, sizeof(pattern), "%s\\*.msg", logon->inbox);
    if ((handle = FindFirstFileA(pattern, &find)) == INVALID_HANDLE_VALUE) return FALSE;
    do
    {
        (*count)++;
        if (!best[0] || strcmp(find.cFileName, best) < 0) strcpy(best, find.cFileName);
    }
    while (FindNextFileA(handle, &find));
    FindClose(handle);
    snprintf(path, MAX_PATH, "%s\\%s", logon->inbox, best);
    return TRUE;
}

static HRESULT STDMETHODCALLTYPE logon_Poll(IXPLogon *iface, ULONG *incoming)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    char path[MAX_PATH];

    Validate_IXPLogon_Poll(iface, incoming);
    oldest_file(logon, path, incoming);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_StartMessage(IXPLogon *iface, ULONG flags, LPMESSAGE message, ULONG *ref)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    SPropProblemArray *problems = NULL;
    SPropValue received[4];
    char path[MAX_PATH];
    WCHAR wpath[MAX_PATH];
    IStorage *storage;
    IMessage *file;
    ULONG count;
    HRESULT hr;

    Validate_IXPLogon_StartMessage(iface, flags, message, ref);
    *ref = ++logon->next_ref;
    if (!oldest_file(logon, path, &count)) return S_OK;
    MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, MAX_PATH);
    /* Exclusive: another transport on the mailbox skips it while we deliver. */
    if (FAILED(hr = StgOpenStorage(wpath, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &storage)))
        return S_OK;
    if (SUCCEEDED(hr = OpenIMsgOnIStg(logon->msg_session, fxp_alloc, fxp_more, fxp_free, fxp_malloc, NULL,
                                      storage, NULL, 0, 0, &file)))
    {
        hr = CALL(file, CopyTo, 0, NULL, NULL, 0, NULL, &IID_IMessage, message, 0, &problems);
        fxp_free(problems);
        CALL(file, Release);
    }
    IStorage_Release(storage);
    if (SUCCEEDED(hr))
    {
        received[0].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
        GetSystemTimeAsFileTime(&received[0].Value.ft);
        received[1].ulPropTag = PR_RECEIVED_BY_NAME_A;
        received[1].Value.lpszA = logon->mailbox;
        received[2].ulPropTag = PR_RECEIVED_BY_ADDRTYPE_A;
        received[2].Value.lpszA = logon->type;
        received[3].ulPropTag = PR_RECEIVED_BY_EMAIL_ADDRESS_A;
        received[3].Value.lpszA = logon->mailbox;
        hr = CALL(message, SetProps, 4, received, NULL);
    }
    /* The file goes only once the store has the message. */
    if (SUCCEEDED(hr)) hr = CALL(message, SaveChanges, 0);
    if (SUCCEEDED(hr))
    {
        DeleteFileA(path);
        logon->received++;
    }
    foreign_log("xp:StartMessage %s %s hr=%#lx", logon->mailbox, strrchr(path, '\\') + 1, hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE logon_OpenStatusEntry(IXPLogon *iface, LPCIID iid, ULONG flags, ULONG *type,
                                                       LPMAPISTATUS *entry)
{
    Validate_IXPLogon_OpenStatusEntry(iface, iid, flags, type, entry);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE logon_ValidateState(IXPLogon *iface, ULONG ui_param, ULONG flags)
{
    Validate_IXPLogon_ValidateState(iface, ui_param, flags);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_FlushQueues(IXPLogon *iface, ULONG ui_param, ULONG size, LPENTRYID entryid,
                                                   ULONG flags)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    char path[MAX_PATH];
    ULONG count;

    Validate_IXPLogon_FlushQueues(iface, ui_param, size, entryid, flags);
    /* Mail waits in the mailbox: the spooler asks for it. */
    if ((flags & FLUSH_DOWNLOAD) && logon->support && oldest_file(logon, path, &count))
        CALL(logon->support, SpoolerNotify, NOTIFY_NEWMAIL, NULL);
    return S_OK;
}

static const IXPLogonVtbl logon_vtbl =
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

/* The shared folder and the mailbox: the provider's section, else its service's. */
static HRESULT read_config(IMAPISupport *support, struct logon *logon)
{
    static const SizedSPropTagArray(3, tags) = { 3, { PR_FXP_SHARED_DIR, PR_FXP_MAILBOX, PR_SERVICE_UID } };
    LPPROFSECT section;
    SPropValue *props;
    MAPIUID service;
    ULONG count;
    HRESULT hr;
    int pass;

    for (pass = 0; pass < 2 && (!logon->shared[0] || !logon->mailbox[0]); pass++)
    {
        if (FAILED(hr = CALL(support, OpenProfileSection, pass ? &service : NULL, 0, &section))) return hr;
        hr = CALL(section, GetProps, (SPropTagArray *)&tags, 0, &count, &props);
        CALL(section, Release);
        if (FAILED(hr)) return hr;
        if (props[0].ulPropTag == PR_FXP_SHARED_DIR && !logon->shared[0])
            lstrcpynA(logon->shared, props[0].Value.lpszA, sizeof(logon->shared));
        if (props[1].ulPropTag == PR_FXP_MAILBOX && !logon->mailbox[0])
            lstrcpynA(logon->mailbox, props[1].Value.lpszA, sizeof(logon->mailbox));
        if (props[2].ulPropTag == PR_SERVICE_UID && props[2].Value.bin.cb == sizeof(MAPIUID))
            memcpy(&service, props[2].Value.bin.lpb, sizeof(MAPIUID));
        else pass = 2;
        fxp_free(props);
    }
    return logon->shared[0] && logon->mailbox[0] ? S_OK : MAPI_E_UNCONFIGURED;
}

/* IXPProvider */

struct provider
{
    IXPProvider IXPProvider_iface;
    LONG ref;
};

static inline struct provider *impl_from_IXPProvider(IXPProvider *iface)
{
    return CONTAINING_RECORD(iface, struct provider, IXPProvider_iface);
}

static HRESULT STDMETHODCALLTYPE provider_QueryInterface(IXPProvider *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IXPProvider))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE provider_AddRef(IXPProvider *iface)
{
    return InterlockedIncrement(&impl_from_IXPProvider(iface)->ref);
}

static ULONG STDMETHODCALLTYPE provider_Release(IXPProvider *iface)
{
    struct provider *provider = impl_from_IXPProvider(iface);
    ULONG ref = InterlockedDecrement(&provider->ref);

    if (!ref) free(provider);
    return ref;
}

static HRESULT STDMETHODCALLTYPE provider_Shutdown(IXPProvider *iface, ULONG *flags)
{
    Validate_IXPProvider_Shutdown(iface, flags);
    foreign_log("xp:Shutdown");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE provider_TransportLogon(IXPProvider *iface, LPMAPISUP support, ULONG ui_param,
                                                         LPTSTR profile, ULONG *flags, LPMAPIERROR *error,
                                                         LPXPLOGON *xp_logon)
{
    SPropValue status[3];
    struct logon *logon;
    HRESULT hr;
    SCODE sc;

    Validate_IXPProvider_TransportLogon(iface, support, ui_param, profile, flags, error, xp_logon);
    *error = NULL;
    if (!(logon = calloc(1, sizeof(*logon)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = read_config(support, logon)))
    {
        foreign_log("xp:TransportLogon unconfigured");
        free(logon);
        return hr;
    }
    if ((sc = OpenIMsgSession(fxp_malloc, 0, &logon->msg_session)))
    {
        free(logon);
        return sc;
    }
    logon->IXPLogon_iface.lpVtbl = (IXPLogonVtbl *)&logon_vtbl;
    logon->ref = 1;
    logon->support = support;
    CALL(support, AddRef);
    strcpy(logon->type, "FXP");
    logon->types[0] = logon->type;
    snprintf(logon->inbox, sizeof(logon->inbox), "%s\\%s", logon->shared, logon->mailbox);
    CreateDirectoryA(logon->shared, NULL);
    CreateDirectoryA(logon->inbox, NULL);

    status[0].ulPropTag = PR_STATUS_CODE;
    status[0].Value.l = STATUS_AVAILABLE;
    status[1].ulPropTag = PR_STATUS_STRING_A;
    status[1].Value.lpszA = (char *)"Peer folder ready";
    status[2].ulPropTag = PR_RESOURCE_METHODS;
    status[2].Value.l = STATUS_FLUSH_QUEUES;
    hr = CALL(support, ModifyStatusRow, 3, status, STATUSROW_UPDATE);
    /* The spooler asks for incoming mail with Poll. */
    *flags = (*flags & ~(LOGON_SP_IDLE | LOGON_SP_RESOLVE)) | LOGON_SP_POLL;
    foreign_log("xp:TransportLogon profile=%s mailbox=%s status=%#lx", profile, logon->mailbox, hr);
    *xp_logon = &logon->IXPLogon_iface;
    return S_OK;
}

static const IXPProviderVtbl provider_vtbl =
{
    provider_QueryInterface,
    provider_AddRef,
    provider_Release,
    provider_Shutdown,
    provider_TransportLogon,
};

HRESULT __cdecl XPProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate, LPALLOCATEMORE more,
                               LPFREEBUFFER free_buffer, ULONG flags, ULONG mapi_version, ULONG *provider_version,
                               LPXPPROVIDER *xp_provider)
{
    struct provider *provider;

    foreign_log("xp:XPProviderInit version=%#lx", mapi_version);
    *provider_version = CURRENT_SPI_VERSION;
    if (mapi_version < PDK1_SPI_VERSION) return MAPI_E_VERSION;
    fxp_malloc = malloc;
    fxp_alloc = allocate;
    fxp_more = more;
    fxp_free = free_buffer;
    if (!(provider = calloc(1, sizeof(*provider)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    provider->IXPProvider_iface.lpVtbl = (IXPProviderVtbl *)&provider_vtbl;
    provider->ref = 1;
    *xp_provider = &provider->IXPProvider_iface;
    return S_OK;
}

/* The service's entry point: the shared folder and the mailbox go into the service's section. */
HRESULT WINAPI FXP_ServiceEntry(HINSTANCE instance, LPMALLOC malloc, LPMAPISUP support, ULONG ui_param,
                                ULONG flags, ULONG context, ULONG count, LPSPropValue props,
                                LPPROVIDERADMIN admin, LPMAPIERROR *error)
{
    static const SizedSPropTagArray(2, needed) = { 2, { PR_FXP_SHARED_DIR, PR_FXP_MAILBOX } };
    LPPROFSECT section;
    SPropValue *values;
    ULONG n;
    HRESULT hr;

    if (error) *error = NULL;
    foreign_log("xp:ServiceEntry context=%lu props=%lu", context, count);
    if (context != MSG_SERVICE_CREATE && context != MSG_SERVICE_CONFIGURE) return S_OK;
    if (!fxp_alloc && FAILED(hr = CALL(support, GetMemAllocRoutines, &fxp_alloc, &fxp_more, &fxp_free))) return hr;
    if (FAILED(hr = CALL(support, OpenProfileSection, NULL, MAPI_MODIFY, &section))) return hr;
    if (count) hr = CALL(section, SetProps, count, props, NULL);
    if (SUCCEEDED(hr)) hr = CALL(section, SaveChanges, 0);
    if (SUCCEEDED(hr) && context == MSG_SERVICE_CONFIGURE &&
        SUCCEEDED(hr = CALL(section, GetProps, (SPropTagArray *)&needed, 0, &n, &values)))
    {
        if (values[0].ulPropTag != PR_FXP_SHARED_DIR || values[1].ulPropTag != PR_FXP_MAILBOX)
            hr = MAPI_E_UNCONFIGURED;
        fxp_free(values);
    }
    CALL(section, Release);
    return hr;
}
