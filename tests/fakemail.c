/*
 * A stand-in for a mail client's Simple MAPI DLL, such as winemapi.dll:
 * test_sendmail registers it as the default mail client and checks what
 * mapi32 hands it. Built twice: fakemail_a.dll exports the ANSI functions,
 * as winemapi.dll does; fakemail_w.dll only MAPISendMailW.
 */

#include <stdarg.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "mapi.h"
#include "fakemail.h"

static struct fake_call last;
static ULONG result;

static MapiRecipDesc resolved = {0, MAPI_TO, (char *)"Resolved Name", (char *)"SMTP:resolved@example.com", 0, NULL};
static MapiMessage read_message = {0, (char *)"read subject"};

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    return TRUE;
}

struct fake_call * WINAPI fake_last_call(void)
{
    return &last;
}

void WINAPI fake_set_result(ULONG value)
{
    result = value;
}

static void copy_a(char *dst, const char *src)
{
    lstrcpynA(dst, src ? src : "<NULL>", FAKE_TEXT);
}

static void copy_w(WCHAR *dst, const WCHAR *src)
{
    lstrcpynW(dst, src ? src : L"<NULL>", FAKE_TEXT);
}

static void begin(const char *function, ULONG_PTR session, ULONG_PTR ui_param, ULONG flags, ULONG reserved)
{
    LONG calls = InterlockedIncrement(&last.calls);

    memset(&last, 0, sizeof(last));
    last.calls = calls;
    lstrcpynA(last.function, function, sizeof(last.function));
    last.session = session;
    last.ui_param = ui_param;
    last.flags = flags;
    last.reserved = reserved;
}

static void record_recip(struct fake_recip *dst, const MapiRecipDesc *src)
{
    dst->reserved = src->ulReserved;
    dst->recip_class = src->ulRecipClass;
    copy_a(dst->name, src->lpszName);
    copy_a(dst->address, src->lpszAddress);
    dst->eid_size = src->ulEIDSize;
    dst->entry_id = src->lpEntryID;
}

static void record_recip_w(struct fake_recip *dst, const MapiRecipDescW *src)
{
    dst->reserved = src->ulReserved;
    dst->recip_class = src->ulRecipClass;
    copy_w(dst->name_w, src->lpszName);
    copy_w(dst->address_w, src->lpszAddress);
    dst->eid_size = src->ulEIDSize;
    dst->entry_id = src->lpEntryID;
}

static void record_message(const MapiMessage *msg)
{
    ULONG i;

    last.message = msg;
    if (!msg) return;
    last.message_reserved = msg->ulReserved;
    copy_a(last.subject, msg->lpszSubject);
    copy_a(last.note, msg->lpszNoteText);
    copy_a(last.message_type, msg->lpszMessageType);
    copy_a(last.date_received, msg->lpszDateReceived);
    copy_a(last.conversation_id, msg->lpszConversationID);
    last.message_flags = msg->flFlags;
    if ((last.has_originator = !!msg->lpOriginator)) record_recip(&last.originator, msg->lpOriginator);
    last.recip_count = msg->nRecipCount;
    last.recips_null = !msg->lpRecips;
    for (i = 0; msg->lpRecips && i < msg->nRecipCount && i < FAKE_RECIPS; i++)
        record_recip(&last.recips[i], &msg->lpRecips[i]);
    last.file_count = msg->nFileCount;
    last.files_null = !msg->lpFiles;
    for (i = 0; msg->lpFiles && i < msg->nFileCount && i < FAKE_FILES; i++)
    {
        last.files[i].reserved = msg->lpFiles[i].ulReserved;
        last.files[i].flags = msg->lpFiles[i].flFlags;
        last.files[i].position = msg->lpFiles[i].nPosition;
        copy_a(last.files[i].path, msg->lpFiles[i].lpszPathName);
        copy_a(last.files[i].name, msg->lpFiles[i].lpszFileName);
        last.files[i].file_type = msg->lpFiles[i].lpFileType;
    }
}

static void record_message_w(const MapiMessageW *msg)
{
    ULONG i;

    last.message = msg;
    if (!msg) return;
    last.message_reserved = msg->ulReserved;
    copy_w(last.subject_w, msg->lpszSubject);
    copy_w(last.note_w, msg->lpszNoteText);
    copy_w(last.message_type_w, msg->lpszMessageType);
    copy_w(last.date_received_w, msg->lpszDateReceived);
    copy_w(last.conversation_id_w, msg->lpszConversationID);
    last.message_flags = msg->flFlags;
    if ((last.has_originator = !!msg->lpOriginator)) record_recip_w(&last.originator, msg->lpOriginator);
    last.recip_count = msg->nRecipCount;
    last.recips_null = !msg->lpRecips;
    for (i = 0; msg->lpRecips && i < msg->nRecipCount && i < FAKE_RECIPS; i++)
        record_recip_w(&last.recips[i], &msg->lpRecips[i]);
    last.file_count = msg->nFileCount;
    last.files_null = !msg->lpFiles;
    for (i = 0; msg->lpFiles && i < msg->nFileCount && i < FAKE_FILES; i++)
    {
        last.files[i].reserved = msg->lpFiles[i].ulReserved;
        last.files[i].flags = msg->lpFiles[i].flFlags;
        last.files[i].position = msg->lpFiles[i].nPosition;
        copy_w(last.files[i].path_w, msg->lpFiles[i].lpszPathName);
        copy_w(last.files[i].name_w, msg->lpFiles[i].lpszFileName);
        last.files[i].file_type = msg->lpFiles[i].lpFileType;
    }
}

ULONG WINAPI MAPISendMail(LHANDLE session, ULONG_PTR ui_param, lpMapiMessage msg, FLAGS flags, ULONG reserved)
{
    begin("MAPISendMail", session, ui_param, flags, reserved);
    record_message(msg);
    return result;
}

ULONG WINAPI MAPISendMailW(LHANDLE session, ULONG_PTR ui_param, lpMapiMessageW msg, FLAGS flags, ULONG reserved)
{
    begin("MAPISendMailW", session, ui_param, flags, reserved);
    record_message_w(msg);
    return result;
}

ULONG WINAPI MAPISaveMail(LHANDLE session, ULONG_PTR ui_param, lpMapiMessage msg, FLAGS flags, ULONG reserved,
                          LPSTR message_id)
{
    begin("MAPISaveMail", session, ui_param, flags, reserved);
    record_message(msg);
    copy_a(last.strings[0], message_id);
    return result;
}

ULONG WINAPI MAPISendDocuments(ULONG_PTR ui_param, LPSTR delimiter, LPSTR paths, LPSTR names, ULONG reserved)
{
    begin("MAPISendDocuments", 0, ui_param, 0, reserved);
    copy_a(last.strings[0], delimiter);
    copy_a(last.strings[1], paths);
    copy_a(last.strings[2], names);
    return result;
}

ULONG WINAPI MAPILogon(ULONG_PTR ui_param, LPSTR profile, LPSTR password, FLAGS flags, ULONG reserved,
                       LPLHANDLE session)
{
    begin("MAPILogon", 0, ui_param, flags, reserved);
    copy_a(last.strings[0], profile);
    copy_a(last.strings[1], password);
    last.pointers[0] = session;
    if (session) *session = FAKE_SESSION;
    return result;
}

ULONG WINAPI MAPILogoff(LHANDLE session, ULONG_PTR ui_param, FLAGS flags, ULONG reserved)
{
    begin("MAPILogoff", session, ui_param, flags, reserved);
    return result;
}

/* As in the SDK, the last parameter is a pointer to a message pointer; Wine's
 * mapi.h says otherwise, hence the other name (fakemail_a.spec exports it). */
ULONG WINAPI fake_MAPIReadMail(LHANDLE session, ULONG_PTR ui_param, LPSTR message_id, FLAGS flags, ULONG reserved,
                          lpMapiMessage *message)
{
    begin("MAPIReadMail", session, ui_param, flags, reserved);
    copy_a(last.strings[0], message_id);
    last.pointers[0] = message;
    if (message) *message = &read_message;
    return result;
}

ULONG WINAPI MAPIFindNext(LHANDLE session, ULONG_PTR ui_param, LPSTR message_type, LPSTR seed, FLAGS flags,
                          ULONG reserved, LPSTR message_id)
{
    begin("MAPIFindNext", session, ui_param, flags, reserved);
    copy_a(last.strings[0], message_type);
    copy_a(last.strings[1], seed);
    last.pointers[0] = message_id;
    if (message_id) strcpy(message_id, FAKE_MESSAGE_ID);
    return result;
}

ULONG WINAPI MAPIDeleteMail(LHANDLE session, ULONG_PTR ui_param, LPSTR message_id, FLAGS flags, ULONG reserved)
{
    begin("MAPIDeleteMail", session, ui_param, flags, reserved);
    copy_a(last.strings[0], message_id);
    return result;
}

ULONG WINAPI MAPIAddress(LHANDLE session, ULONG_PTR ui_param, LPSTR caption, ULONG edit_fields, LPSTR labels,
                         ULONG recip_count, lpMapiRecipDesc recips, FLAGS flags, ULONG reserved,
                         LPULONG new_count, lpMapiRecipDesc *new_recips)
{
    begin("MAPIAddress", session, ui_param, flags, reserved);
    copy_a(last.strings[0], caption);
    copy_a(last.strings[1], labels);
    last.numbers[0] = edit_fields;
    last.numbers[1] = recip_count;
    last.pointers[0] = recips;
    if (new_count) *new_count = 1;
    if (new_recips) *new_recips = &resolved;
    return result;
}

ULONG WINAPI MAPIDetails(LHANDLE session, ULONG_PTR ui_param, lpMapiRecipDesc recip, FLAGS flags, ULONG reserved)
{
    begin("MAPIDetails", session, ui_param, flags, reserved);
    last.pointers[0] = recip;
    return result;
}

ULONG WINAPI MAPIResolveName(LHANDLE session, ULONG_PTR ui_param, LPSTR name, FLAGS flags, ULONG reserved,
                             lpMapiRecipDesc *recip)
{
    begin("MAPIResolveName", session, ui_param, flags, reserved);
    copy_a(last.strings[0], name);
    if (recip) *recip = &resolved;
    return result;
}
