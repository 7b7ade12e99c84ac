/*
 * IMessage on IStorage: the exports of mapi32 that open a .msg file's
 * storage as a message (OpenIMsgOnIStg and its session), and the property
 * attributes kept beside each property. The objects are in imsgstg.c, the
 * file layout in msgprops.c and msgnameid.c.
 */

#include "imessage_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

struct _MSGSESS
{
    struct list messages;
    IMalloc *malloc;
};

/***********************************************************************
 *  OpenIMsgSession@12 (MAPI32.196)
 *
 * Creates a message session, which groups the messages opened in it.
 *
 * PARAMS
 *  malloc  [I] The OLE allocator of the caller.
 *  flags   [I] Reserved, 0.
 *  session [O] Receives the session.
 *
 * RETURNS
 *  S_OK, MAPI_E_INVALID_PARAMETER, MAPI_E_UNKNOWN_FLAGS, MAPI_E_NOT_ENOUGH_MEMORY.
 */
SCODE WINAPI OpenIMsgSession(LPMALLOC malloc, ULONG flags, LPMSGSESS *session)
{
    struct _MSGSESS *object;

    TRACE("(%p,%#lx,%p)\n", malloc, flags, session);

    if (!session || !malloc) return MAPI_E_INVALID_PARAMETER;
    *session = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(object = HeapAlloc(GetProcessHeap(), 0, sizeof(*object)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    list_init(&object->messages);
    object->malloc = malloc;
    IMalloc_AddRef(malloc);
    *session = object;
    return S_OK;
}

/***********************************************************************
 *  CloseIMsgSession@4 (MAPI32.197)
 *
 * Ends a message session and closes the messages opened in it.
 *
 * PARAMS
 *  session [I] The session of OpenIMsgSession.
 *
 * NOTES
 *  The messages of the session, their attachments, embedded messages and
 *  property streams are closed and their storages released; changes not
 *  saved are lost. What the caller still holds stays a valid COM object:
 *  its methods answer MAPI_E_INVALID_OBJECT (STG_E_REVERTED for streams)
 *  and Release frees it. Tables already handed out keep their rows.
 */
VOID WINAPI CloseIMsgSession(LPMSGSESS session)
{
    TRACE("(%p)\n", session);

    if (!session) return;
    imessage_close_session(&session->messages);
    IMalloc_Release(session->malloc);
    HeapFree(GetProcessHeap(), 0, session);
}

/***********************************************************************
 *  OpenIMsgOnIStg@44 (MAPI32.198)
 *
 * Opens an IMessage on a structured storage in the layout of .msg files
 * ([MS-OXMSG]): a new storage gives an empty message.
 *
 * PARAMS
 *  session         [I] A session of OpenIMsgSession, or NULL.
 *  allocate_buffer [I] Allocator for what the message returns (MAPIAllocateBuffer).
 *  allocate_more   [I] Linked allocator (MAPIAllocateMore).
 *  free_buffer     [I] Frees those (MAPIFreeBuffer).
 *  malloc          [I] The OLE allocator.
 *  map_support     [I] A support object, or NULL (unused).
 *  storage         [I] The storage: opened for writing if the message is to be changed.
 *  release         [I] Called when the message is released for the last time, or NULL.
 *  release_data    [I] Passed to release.
 *  flags           [I] IMSG_NO_ISTG_COMMIT: SaveChanges leaves committing the storage to the caller.
 *  message         [O] Receives the message.
 *
 * RETURNS
 *  S_OK; MAPI_E_INVALID_PARAMETER, MAPI_E_UNKNOWN_FLAGS; MAPI_E_CORRUPT_DATA
 *  for a storage that is not a message; MAPI_E_NOT_ENOUGH_MEMORY, also for
 *  one too big to load.
 *
 * NOTES
 *  The whole message is read here. When the storage is the root of a file,
 *  the file's structure is checked first, since ole32 can loop for ever on a
 *  damaged one; a storage on other media is as safe as whoever opened it
 *  (HrIStorageFromStream checks what it opens).
 */
SCODE WINAPI OpenIMsgOnIStg(LPMSGSESS session, LPALLOCATEBUFFER allocate_buffer, LPALLOCATEMORE allocate_more,
                            LPFREEBUFFER free_buffer, LPMALLOC malloc, LPVOID map_support, LPSTORAGE storage,
                            MSGCALLRELEASE *release, ULONG release_data, ULONG flags, LPMESSAGE *message)
{
    TRACE("(%p,%p,%p,%p,%p,%p,%p,%p,%#lx,%#lx,%p)\n", session, allocate_buffer, allocate_more, free_buffer, malloc,
          map_support, storage, release, release_data, flags, message);

    if (!message) return MAPI_E_INVALID_PARAMETER;
    *message = NULL;
    if (!allocate_buffer || !allocate_more || !free_buffer || !storage) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(IMSG_NO_ISTG_COMMIT | MAPI_UNICODE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    return imessage_create_root(storage, allocate_buffer, allocate_more, free_buffer, malloc, release, release_data,
                                flags, session ? &session->messages : NULL, message);
}

/* The attributes work on our messages and attachments only. */
static BOOL check_attrib_args(void *object, SPropTagArray *tags)
{
    ULONG i;

    if (!object || !tags || !imsg_is_ours(object)) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (FBadPropTag(tags->aulPropTag[i])) return FALSE;
    return TRUE;
}

/***********************************************************************
 *  SetAttribIMsgOnIStg@16 (MAPI32.199)
 *
 * Sets the attributes (PROPATTR_MANDATORY, PROPATTR_READABLE,
 * PROPATTR_WRITEABLE) of properties of a message or attachment of
 * OpenIMsgOnIStg. They are saved with the property.
 *
 * PARAMS
 *  object   [I] The message or attachment.
 *  tags     [I] The properties.
 *  attrs    [I] Their new attributes, one for each tag.
 *  problems [O] Receives the properties that could not be set (absent ones), or NULL.
 *
 * RETURNS
 *  S_OK, MAPI_E_INVALID_PARAMETER, MAPI_E_NOT_ENOUGH_MEMORY.
 */
HRESULT WINAPI SetAttribIMsgOnIStg(LPVOID object, LPSPropTagArray tags, LPSPropAttrArray attrs,
                                   LPSPropProblemArray *problems)
{
    TRACE("(%p,%p,%p,%p)\n", object, tags, attrs, problems);

    if (problems) *problems = NULL;
    if (!check_attrib_args(object, tags) || !attrs || attrs->cValues != tags->cValues)
        return MAPI_E_INVALID_PARAMETER;
    return imsg_set_attribs(object, tags, attrs, problems);
}

/***********************************************************************
 *  GetAttribIMsgOnIStg@12 (MAPI32.200)
 *
 * Gets the attributes of properties of a message or attachment of
 * OpenIMsgOnIStg; an absent property has PROPATTR_NOT_PRESENT.
 *
 * PARAMS
 *  object [I] The message or attachment.
 *  tags   [I] The properties.
 *  attrs  [O] Receives their attributes, from the message's allocator.
 *
 * RETURNS
 *  S_OK, MAPI_E_INVALID_PARAMETER, MAPI_E_NOT_ENOUGH_MEMORY.
 */
HRESULT WINAPI GetAttribIMsgOnIStg(LPVOID object, LPSPropTagArray tags, LPSPropAttrArray *attrs)
{
    TRACE("(%p,%p,%p)\n", object, tags, attrs);

    if (!attrs) return MAPI_E_INVALID_PARAMETER;
    *attrs = NULL;
    if (!check_attrib_args(object, tags)) return MAPI_E_INVALID_PARAMETER;
    return imsg_get_attribs(object, tags, attrs);
}

/***********************************************************************
 *  MapStorageSCode@4 (MAPI32.201)
 *
 * Maps a structured storage error to the MAPI error a client expects.
 *
 * PARAMS
 *  storage_code [I] An HRESULT from IStorage or IStream.
 *
 * RETURNS
 *  The matching MAPI code; codes without a MAPI counterpart pass unchanged.
 */
SCODE WINAPI MapStorageSCode(SCODE storage_code)
{
    TRACE("(%#lx)\n", storage_code);

    switch (storage_code)
    {
    case STG_E_FILENOTFOUND:
    case STG_E_PATHNOTFOUND:
        return MAPI_E_NOT_FOUND;
    case STG_E_INVALIDHEADER:
    case STG_E_DOCFILECORRUPT:
        return MAPI_E_CORRUPT_DATA;
    case STG_E_ACCESSDENIED:
    case STG_E_LOCKVIOLATION:
    case STG_E_SHAREVIOLATION:
        return MAPI_E_NO_ACCESS;
    case STG_E_INSUFFICIENTMEMORY:
        return MAPI_E_NOT_ENOUGH_MEMORY;
    case STG_E_MEDIUMFULL:
        return MAPI_E_NOT_ENOUGH_DISK;
    case STG_E_INVALIDPARAMETER:
    case STG_E_INVALIDPOINTER:
    case STG_E_INVALIDFLAG:
        return MAPI_E_INVALID_PARAMETER;
    case STG_E_INVALIDFUNCTION:
        return MAPI_E_NO_SUPPORT;
    default:
        return storage_code;
    }
}
