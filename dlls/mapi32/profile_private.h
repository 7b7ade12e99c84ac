/*
 * The profile store from the inside: what profile.c, profsect.c, mapisvc.c,
 * service.c and the administration objects share. The rest of mapi32 uses
 * profile.h only.
 */

#ifndef __MAPI32_PROFILE_PRIVATE_H
#define __MAPI32_PROFILE_PRIVATE_H

#include "mapi32_private.h"
#include "profile.h"

/* Where Windows' MAPI keeps the profiles of the user, under HKEY_CURRENT_USER */
#define PROFILES_KEY L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles"
#define DEFAULT_PROFILE_VALUE L"DefaultProfile"

/* A profile name as MAPI allows it: 1 to 64 characters, no leading or trailing space */
#define MAX_PROFILE_NAME 64

/* The section MAPI keeps the lists of the profile in: PR_SERVICES and the
 * providers of each kind, transports in transport order. */
extern const MAPIUID profile_services_uid;

/* Identifiers reserved for secure properties: never listed, kept encrypted. */
#define PROP_ID_SECURE_MIN 0x67F0
#define PROP_ID_SECURE_MAX 0x67FF
static inline BOOL is_secure_prop_id(ULONG tag)
{
    return PROP_ID(tag) >= PROP_ID_SECURE_MIN && PROP_ID(tag) <= PROP_ID_SECURE_MAX;
}

/* profile.c: the store. Every function takes the store's lock itself; the
 * lock is one mutex for all processes of the prefix, held for short times,
 * never while a service's code runs. */
extern void profile_store_lock(void);
extern void profile_store_unlock(void);
extern BOOL profile_name_is_valid(const WCHAR *name);

/* A change to one or two profiles and the default profile: made in place in
 * the registry, undone by the next process to take the lock if this one dies
 * before profile_txn_end. */
struct profile_txn
{
    HKEY profiles;   /* the Profiles key */
    HKEY journal;    /* what undoes the change */
};
/* Takes the lock and records the profiles named (second may be NULL) as they are now. */
extern HRESULT profile_txn_begin(struct profile_txn *txn, const WCHAR *name, const WCHAR *second);
/* Commits when hr succeeded, else undoes everything; releases the lock. Returns hr. */
extern HRESULT profile_txn_end(struct profile_txn *txn, HRESULT hr);
/* The key of a profile inside a change; MAPI_E_NOT_FOUND if it does not exist. */
extern HRESULT profile_txn_open(struct profile_txn *txn, const WCHAR *name, HKEY *key);

/* The profile's key for reading, under the lock; MAPI_E_NOT_FOUND if it is gone. */
extern HRESULT profile_open_key(struct profile *profile, HKEY *key);
/* The exact names of all profiles, sorted; free with profile_free_names. */
extern HRESULT profile_list_names(WCHAR ***names, ULONG *count);
extern void profile_free_names(WCHAR **names, ULONG count);
/* The stored name of a profile (case as created) into name[MAX_PROFILE_NAME + 1]. */
extern HRESULT profile_find_name(HKEY profiles, const WCHAR *wanted, WCHAR *name);
/* Creates the key of a new profile with MAPI's own sections, inside a change. */
extern HRESULT profile_create_key(struct profile_txn *txn, const WCHAR *name, HKEY *key);
/* Removes a profile right away, or when this process stops using it. */
extern HRESULT profile_delete(const WCHAR *name);
extern HRESULT profile_copy(const WCHAR *from, const WCHAR *to);
extern HRESULT profile_rename(const WCHAR *from, const WCHAR *to);
extern HRESULT profile_set_default(const WCHAR *name);
/* Whether the profile is open in this process (then deleting or renaming waits) */
extern BOOL profile_is_pending(const WCHAR *name);

/* Sections inside a profile key. Lists are MAPIAllocateBuffer blocks. */
extern void section_key_name(const MAPIUID *uid, WCHAR *name);
extern BOOL section_exists(HKEY profile, const MAPIUID *uid);
extern HRESULT section_create(HKEY profile, const MAPIUID *uid);
extern HRESULT section_remove(HKEY profile, const MAPIUID *uid);
/* All values of a section (secure ones only when asked), types as stored. */
extern HRESULT section_read(HKEY profile, const MAPIUID *uid, BOOL secure, ULONG *count, SPropValue **props);
/* One value, as stored; MAPI_E_NOT_FOUND when absent. */
extern HRESULT section_read_prop(HKEY profile, const MAPIUID *uid, ULONG tag, SPropValue **prop);
/* Writes values (one registry value per identifier), creating the section. */
extern HRESULT section_write(HKEY profile, const MAPIUID *uid, ULONG count, const SPropValue *props);
extern HRESULT section_delete_props(HKEY profile, const MAPIUID *uid, const SPropTagArray *tags);
/* The string value of a property as WCHARs whatever its stored width, or NULL. */
extern WCHAR *section_read_string(HKEY profile, const MAPIUID *uid, ULONG tag);
extern ULONG section_read_long(HKEY profile, const MAPIUID *uid, ULONG tag, ULONG fallback);

/* Lists of MAPIUIDs kept as PT_BINARY values (PR_SERVICES, PR_STORE_PROVIDERS...) */
extern HRESULT uid_list_read(HKEY profile, const MAPIUID *section, ULONG tag, ULONG *count, MAPIUID **uids);
extern HRESULT uid_list_write(HKEY profile, const MAPIUID *section, ULONG tag, ULONG count, const MAPIUID *uids);
extern HRESULT uid_list_add(HKEY profile, const MAPIUID *section, ULONG tag, const MAPIUID *uid);
extern HRESULT uid_list_remove(HKEY profile, const MAPIUID *section, ULONG tag, const MAPIUID *uid);
extern BOOL uid_list_contains(ULONG count, const MAPIUID *uids, const MAPIUID *uid);
extern void new_mapiuid(MAPIUID *uid);

/* The provider lists by PR_RESOURCE_TYPE; 0 for a type that has none. */
extern ULONG provider_list_tag(ULONG resource_type);

/* mapisvc.c: mapisvc.inf */
struct mapisvc_section
{
    WCHAR *name;
    MAPIUID uid;             /* extra sections: their UID= */
    ULONG prop_count;
    SPropValue *props;
};
struct mapisvc_service
{
    WCHAR *name;             /* the key in [Services] */
    WCHAR *display_name;     /* its value */
    struct mapisvc_section section;
    ULONG provider_count;
    struct mapisvc_section *providers;
    ULONG extra_count;
    struct mapisvc_section *extras;
};
/* One MAPIAllocateBuffer block; MAPI_E_NOT_FOUND when [Services] does not list it. */
extern HRESULT mapisvc_load_service(const WCHAR *name, struct mapisvc_service **service,
                                    struct mapi_error_info *error);
/* A provider section by name; MAPI_E_NOT_FOUND when the file has none. */
extern HRESULT mapisvc_load_section(const WCHAR *name, struct mapisvc_section **section);
/* The names listed in [Default Services]. */
extern HRESULT mapisvc_default_services(WCHAR ***names, ULONG *count);
/* The path of the file read */
extern void mapisvc_path(WCHAR *path, DWORD size);
/* Parses "PR_NAME" or "6600001e" and a value as mapisvc.inf writes them. */
extern BOOL mapisvc_parse_prop(const WCHAR *name, const WCHAR *value, void *parent, SPropValue *prop);

/* service.c: message services and providers in a profile */
extern HRESULT service_create(struct profile *profile, const WCHAR *name, const WCHAR *display_name,
                              ULONG_PTR ui_param, ULONG flags, MAPIUID *uid, struct mapi_error_info *error);
extern HRESULT service_delete(struct profile *profile, const MAPIUID *uid, struct mapi_error_info *error);
extern HRESULT service_configure(struct profile *profile, const MAPIUID *uid, ULONG_PTR ui_param, ULONG flags,
                                 ULONG count, SPropValue *props, struct mapi_error_info *error);
extern HRESULT service_copy(struct profile *from, const MAPIUID *uid, struct profile *to, MAPIUID *new_uid,
                            struct mapi_error_info *error);
extern HRESULT service_rename(struct profile *profile, const MAPIUID *uid, const WCHAR *display_name);
extern HRESULT service_set_primary_identity(struct profile *profile, const MAPIUID *uid);
extern HRESULT service_transport_order(struct profile *profile, ULONG count, const MAPIUID *uids);
extern BOOL service_exists(struct profile *profile, const MAPIUID *uid);
/* Whether a section belongs to one provider (clients need MAPI_FORCE_ACCESS to open it) */
extern BOOL profile_is_provider_section(struct profile *profile, const MAPIUID *uid);
extern HRESULT provider_create(struct profile *profile, const MAPIUID *service_uid, const WCHAR *name,
                               ULONG count, SPropValue *props, ULONG_PTR ui_param, ULONG flags,
                               BOOL call_entry, MAPIUID *uid, struct mapi_error_info *error);
extern HRESULT provider_delete(struct profile *profile, const MAPIUID *service_uid, const MAPIUID *uid,
                               BOOL call_entry, struct mapi_error_info *error);

/* Tables of the administration objects (service.c) */
#define PROVIDER_TABLE_ALL    0x1   /* every provider of the profile */
#define PROVIDER_TABLE_EXTRAS 0x2   /* the rows of the service's extra sections too */
extern HRESULT service_table_create(struct profile *profile, ULONG flags, IMAPITable **table);
extern HRESULT provider_table_create(struct profile *profile, const MAPIUID *service_uid, ULONG which,
                                     ULONG flags, IMAPITable **table);
/* A static table of rows (CreateTable, one view, the data released with it). */
extern HRESULT static_table_create(const SPropTagArray *columns, ULONG index_tag, ULONG row_count,
                                   SRow *rows, const SSortOrderSet *sort, IMAPITable **table);

/* The administration objects */
extern HRESULT provider_admin_create(struct profile *profile, const MAPIUID *service_uid, BOOL for_service,
                                     IProviderAdmin **admin);
extern HRESULT profsect_create(struct profile *profile, const MAPIUID *uid, ULONG flags, IProfSect **section);

#endif /* __MAPI32_PROFILE_PRIVATE_H */
