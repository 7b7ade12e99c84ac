/*
 * Inbound: mail the transports have for the default store.
 *
 * A transport says it has mail with SpoolerNotify(NOTIFY_NEWMAIL), or, when
 * it asked for LOGON_SP_POLL, its Poll says how many messages wait. For each
 * one the spooler creates a message in the default store's receive folder
 * (through its own logon to the store) and the transport's StartMessage fills
 * and saves it; a message left unsaved means there was none. The message then
 * goes to the receive folder of its class (copied there and deleted from the
 * Inbox, so that its new entry ID is known), and IMsgStore::NotifyNewMail
 * tells the store's clients (fnevNewMail) with the entry IDs of the message
 * and of the folder it is in. Reception stops while the default store
 * is being logged off (ORDERLY, NO_WAIT, PURGE) and when it is not open.
 */

#include "spooler.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

void spool_inbound_enable(struct spooler *spooler, BOOL enable)
{
    struct spool_transport *transport;
    IXPLogon *xps[32];
    ULONG count = 0, i, flags;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
    {
        if (transport->receiving == enable || count == ARRAY_SIZE(xps)) continue;
        transport->receiving = enable;
        xps[count] = transport->xp;
        IXPLogon_AddRef(xps[count]);
        count++;
    }
    spooler_unlock(spooler);
    for (i = 0; i < count; i++)
    {
        flags = enable ? NOTIFY_BEGIN_INBOUND : NOTIFY_END_INBOUND;
        IXPLogon_TransportNotify(xps[i], &flags, NULL);
        IXPLogon_Release(xps[i]);
    }
    spool_status_update(spooler, enable ? STATUS_INBOUND_ENABLED : 0, enable ? 0 : STATUS_INBOUND_ENABLED, NULL);
}

static HRESULT open_receive_folder(IMsgStore *mdb, const WCHAR *message_class, IMAPIFolder **folder,
                                   SBinary *folder_id)
{
    ENTRYID *entryid = NULL;
    ULONG size = 0, type;
    HRESULT hr;

    if (FAILED(hr = mapi_get_receive_folder_w(mdb, message_class, &size, &entryid))) return hr;
    hr = IMsgStore_OpenEntry(mdb, size, entryid, &IID_IMAPIFolder, MAPI_MODIFY, &type, (IUnknown **)folder);
    if (SUCCEEDED(hr) && folder_id)
    {
        folder_id->cb = size;
        folder_id->lpb = (BYTE *)entryid;
    }
    else MAPIFreeBuffer(entryid);
    return hr;
}

/* A delivered message goes where its class is received, when that is another folder. It is copied
 * there through both folders' interfaces and taken out of the Inbox, rather than moved with
 * CopyMessages, which says nothing of the entry ID the message gets in its new folder: fnevNewMail
 * must name that one (a store's entry IDs may name the folder, as foreignms's do). */
static void file_by_class(IMsgStore *mdb, IMAPIFolder *inbox, const SBinary *inbox_id, const WCHAR *message_class,
                          SBinary *entryid, SBinary *parent)
{
    IMAPIFolder *folder;
    SPropValue *copy_id = NULL;
    SBinary folder_id;
    ENTRYLIST list;
    ULONG equal = 0;
    BYTE *moved;
    HRESULT hr;

    if (!message_class || !*message_class) return;
    if (FAILED(open_receive_folder(mdb, message_class, &folder, &folder_id))) return;
    if (SUCCEEDED(IMsgStore_CompareEntryIDs(mdb, folder_id.cb, (ENTRYID *)folder_id.lpb, inbox_id->cb,
                                            (ENTRYID *)inbox_id->lpb, 0, &equal)) && !equal &&
        SUCCEEDED(hr = mapi_copy_message(inbox, folder, entryid, &copy_id)))
    {
        list.cValues = 1;
        list.lpbin = entryid;
        if (copy_id->ulPropTag != PR_ENTRYID || !(moved = malloc(copy_id->Value.bin.cb)))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else if (FAILED(hr = IMAPIFolder_DeleteMessages(inbox, &list, 0, NULL, 0)))
            free(moved);
        if (SUCCEEDED(hr))
        {
            TRACE("moved to the receive folder of %s\n", debugstr_w(message_class));
            memcpy(moved, copy_id->Value.bin.lpb, copy_id->Value.bin.cb);
            free(entryid->lpb);
            entryid->lpb = moved;
            entryid->cb = copy_id->Value.bin.cb;
            MAPIFreeBuffer(parent->lpb);
            *parent = folder_id;
            folder_id.lpb = NULL;
        }
        else
        {
            /* One copy only: the message stays in the Inbox, where the notification says it is. */
            WARN("left in the Inbox: %#lx\n", hr);
            if (copy_id->ulPropTag == PR_ENTRYID)
            {
                list.lpbin = &copy_id->Value.bin;
                IMAPIFolder_DeleteMessages(folder, &list, 0, NULL, 0);
            }
        }
        MAPIFreeBuffer(copy_id);
    }
    MAPIFreeBuffer(folder_id.lpb);
    IMAPIFolder_Release(folder);
}

/* One message from a transport into the default store; FALSE when it had none. */
static BOOL deliver(struct spooler *spooler, struct spool_store *store, IMsgStore *mdb, IXPLogon *xp)
{
    static const SizedSPropTagArray(3, tags) = { 3, { PR_ENTRYID, PR_MESSAGE_CLASS_W, PR_MESSAGE_FLAGS } };
    IMAPIFolder *inbox = NULL;
    IMessage *message = NULL;
    SBinary inbox_id = { 0 }, entryid = { 0 }, parent = { 0 };
    SPropValue *props = NULL;
    WCHAR *message_class = NULL;
    ULONG ref = 0, count, flags = 0;
    NOTIFICATION notification;
    HRESULT hr;

    if (FAILED(hr = open_receive_folder(mdb, NULL, &inbox, &inbox_id)))
    {
        WARN("no receive folder: %#lx\n", hr);
        return FALSE;
    }
    spooler_lock(spooler);
    store->inbound++;
    spooler->current_xp = xp;
    spooler->current_submit = FALSE;
    spooler_unlock(spooler);

    if (SUCCEEDED(hr = IMAPIFolder_CreateMessage(inbox, NULL, 0, &message)))
    {
        spool_status_update(spooler, STATUS_INBOUND_ACTIVE, 0, NULL);
        hr = IXPLogon_StartMessage(xp, 0, message, &ref);
        spool_status_update(spooler, 0, STATUS_INBOUND_ACTIVE, NULL);
        TRACE("StartMessage: %#lx\n", hr);
        /* The transport saved what it delivered; a message without an entry ID was never saved. */
        if (SUCCEEDED(mapi_get_props_w((IMAPIProp *)message, (SPropTagArray *)&tags, &count, &props)) &&
            props[0].ulPropTag == PR_ENTRYID && (entryid.lpb = malloc(props[0].Value.bin.cb)))
        {
            entryid.cb = props[0].Value.bin.cb;
            memcpy(entryid.lpb, props[0].Value.bin.lpb, entryid.cb);
            if (props[1].ulPropTag == PR_MESSAGE_CLASS_W)
                message_class = mapi_strdupW_from(props[1].Value.lpszW, TRUE);
            if (props[2].ulPropTag == PR_MESSAGE_FLAGS) flags = props[2].Value.l;
        }
        MAPIFreeBuffer(props);
        IMessage_Release(message);
    }

    if (entryid.lpb && SUCCEEDED(MAPIAllocateBuffer(inbox_id.cb, (void **)&parent.lpb)))
    {
        parent.cb = inbox_id.cb;
        memcpy(parent.lpb, inbox_id.lpb, inbox_id.cb);
        file_by_class(mdb, inbox, &inbox_id, message_class, &entryid, &parent);

        memset(&notification, 0, sizeof(notification));
        notification.ulEventType = fnevNewMail;
        notification.info.newmail.cbEntryID = entryid.cb;
        notification.info.newmail.lpEntryID = (ENTRYID *)entryid.lpb;
        notification.info.newmail.cbParentID = parent.cb;
        notification.info.newmail.lpParentID = (ENTRYID *)parent.lpb;
        notification.info.newmail.ulFlags = MAPI_UNICODE;
        notification.info.newmail.lpszMessageClass = (void *)(message_class ? message_class : L"IPM.Note");
        notification.info.newmail.ulMessageFlags = flags;
        hr = mapi_notify_new_mail_w(mdb, &notification);
        TRACE("NotifyNewMail: %#lx\n", hr);
        MAPIFreeBuffer(parent.lpb);
    }

    spooler_lock(spooler);
    store->inbound--;
    spooler->current_xp = NULL;
    spooler_unlock(spooler);
    free(message_class);
    IMAPIFolder_Release(inbox);
    MAPIFreeBuffer(inbox_id.lpb);
    if (!entryid.lpb) return FALSE;
    free(entryid.lpb);
    return TRUE;
}

BOOL spool_inbound_step(struct spooler *spooler)
{
    struct spool_transport *transport, *found = NULL;
    struct spool_store *store, *target = NULL;
    IMsgStore *mdb;
    IXPLogon *xp;
    ULONG waiting = 1, poll;
    BOOL delivered;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
    {
        if (!store->is_default || store->state != STORE_ON) continue;
        /* After ABORT or QUIET on a busy store the spooler carries on while it is busy; once it is idle
         * (the release waits a moment's grace) no new delivery starts: that mail waits for the next logon. */
        if (store->mode == MODE_RUN || (store->mode == MODE_RELEASE_IDLE && (store->busy || store->queued)))
            target = store;
        break;
    }
    if (target)
    {
        LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
        {
            if (!transport->newmail) continue;
            found = transport;
            break;
        }
    }
    if (!found)
    {
        spooler_unlock(spooler);
        return FALSE;
    }
    found->newmail = FALSE;
    xp = found->xp;
    IXPLogon_AddRef(xp);
    poll = found->logon_flags & LOGON_SP_POLL;
    mdb = target->mdb;
    IMsgStore_AddRef(mdb);
    spooler_unlock(spooler);

    if (poll && FAILED(IXPLogon_Poll(xp, &waiting))) waiting = 0;
    delivered = waiting && deliver(spooler, target, mdb, xp);
    if (delivered)
    {
        /* There may be more: ask again. */
        spooler_lock(spooler);
        if ((transport = spooler_find_transport(spooler, xp))) transport->newmail = TRUE;
        spooler_unlock(spooler);
    }
    IMsgStore_Release(mdb);
    IXPLogon_Release(xp);
    return delivered;
}
