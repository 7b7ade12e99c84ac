/*
 * The store's SQLite database: the path check, opening, the schema and its
 * migrations, and the prepared statements.
 *
 * The database runs in WAL mode with synchronous=NORMAL: a transaction that
 * committed survives the death of the process at any point (the WAL holds
 * it); a power cut may lose the last ones but never leaves the file
 * inconsistent. Temporary data stays in memory and ATTACH is disabled, so
 * nothing is written beside the file but SQLite's own "-wal" and "-shm".
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

/* Version 1 had no change log, no delivery time column and no message version:
 * stores of that layout are migrated when opened. */
static const char schema_v2[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value);"
    "CREATE TABLE folders("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  parent INTEGER,"
    "  name TEXT NOT NULL COLLATE NOCASE,"
    "  type INTEGER NOT NULL,"
    "  special INTEGER NOT NULL DEFAULT 0,"
    "  props BLOB,"
    "  created INTEGER,"
    "  modified INTEGER);"
    "CREATE INDEX folders_parent ON folders(parent, name);"
    "CREATE TABLE messages("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  folder INTEGER NOT NULL,"
    "  assoc INTEGER NOT NULL DEFAULT 0,"
    "  flags INTEGER NOT NULL DEFAULT 0,"
    "  status INTEGER NOT NULL DEFAULT 0,"
    "  size INTEGER NOT NULL DEFAULT 0,"
    "  props BLOB,"
    "  big BLOB,"
    "  recips BLOB,"
    "  delivery_time INTEGER,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX messages_folder ON messages(folder, assoc, delivery_time);"
    "CREATE TABLE attachments("
    "  message INTEGER NOT NULL,"
    "  num INTEGER NOT NULL,"
    "  props BLOB,"
    "  big BLOB,"
    "  PRIMARY KEY(message, num));"
    "CREATE TABLE outgoing("
    "  message INTEGER PRIMARY KEY,"
    "  submit_time INTEGER NOT NULL,"
    "  submit_flags INTEGER NOT NULL,"
    "  owner BLOB);"
    "CREATE TABLE receive_folders(class TEXT PRIMARY KEY COLLATE NOCASE, folder INTEGER NOT NULL);"
    "CREATE TABLE named_props("
    "  id INTEGER PRIMARY KEY,"
    "  guid BLOB NOT NULL,"
    "  kind INTEGER NOT NULL,"
    "  lid INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  UNIQUE(guid, kind, lid, name));"
    "CREATE TABLE changes("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  origin BLOB,"
    "  event INTEGER NOT NULL,"
    "  type INTEGER NOT NULL,"
    "  id INTEGER,"
    "  parent INTEGER,"
    "  old_id INTEGER,"
    "  old_parent INTEGER,"
    "  time INTEGER NOT NULL);";

static const char migrate_v1_v2[] =
    "ALTER TABLE messages ADD COLUMN delivery_time INTEGER;"
    "ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
    "DROP INDEX IF EXISTS messages_folder;"
    "CREATE INDEX messages_folder ON messages(folder, assoc, delivery_time);"
    "CREATE TABLE changes("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  origin BLOB,"
    "  event INTEGER NOT NULL,"
    "  type INTEGER NOT NULL,"
    "  id INTEGER,"
    "  parent INTEGER,"
    "  old_id INTEGER,"
    "  old_parent INTEGER,"
    "  time INTEGER NOT NULL);";

static const char *const statements[STMT_COUNT] =
{
    [STMT_BEGIN] = "BEGIN IMMEDIATE",
    [STMT_COMMIT] = "COMMIT",
    [STMT_ROLLBACK] = "ROLLBACK",
    [STMT_META_GET] = "SELECT value FROM meta WHERE key=?1",
    [STMT_META_SET] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
    [STMT_FOLDER_GET] = "SELECT parent, name, type, special, props, created, modified FROM folders WHERE id=?1",
    [STMT_FOLDER_BY_SPECIAL] = "SELECT id FROM folders WHERE special=?1",
    [STMT_FOLDER_BY_NAME] = "SELECT id FROM folders WHERE parent=?1 AND name=?2",
    [STMT_FOLDER_INSERT] = "INSERT INTO folders(parent, name, type, special, props, created, modified) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    [STMT_FOLDER_UPDATE_PROPS] = "UPDATE folders SET name=?2, props=?3, modified=?4 WHERE id=?1",
    [STMT_FOLDER_SET_PARENT] = "UPDATE folders SET parent=?2, name=?3, modified=?4 WHERE id=?1",
    [STMT_FOLDER_DELETE] = "DELETE FROM folders WHERE id=?1",
    [STMT_FOLDER_CHILDREN] = "SELECT id FROM folders WHERE parent=?1 ORDER BY id",
    [STMT_FOLDER_COUNTS] = "SELECT coalesce(sum(assoc=0), 0), coalesce(sum(assoc=0 AND (flags & 1)=0), 0), "
                           "coalesce(sum(assoc<>0), 0) FROM messages WHERE folder=?1",
    [STMT_FOLDER_HAS_CHILDREN] = "SELECT count(*) FROM folders WHERE parent=?1",
    [STMT_MSG_GET] = "SELECT folder, assoc, flags, status, version, props, big, recips FROM messages WHERE id=?1",
    [STMT_MSG_INFO] = "SELECT folder, flags, status, version FROM messages WHERE id=?1",
    [STMT_MSG_INSERT] = "INSERT INTO messages(folder, assoc, flags, status, delivery_time, size, props, big, recips) "
                        "VALUES(?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8)",
    [STMT_MSG_UPDATE] = "UPDATE messages SET flags=?2, delivery_time=?3, size=?4, version=version+1, "
                        "props=?5, big=?6, recips=?7 WHERE id=?1",
    [STMT_MSG_SET_FLAGS] = "UPDATE messages SET flags=?2, version=version+1 WHERE id=?1",
    [STMT_MSG_SET_STATUS] = "UPDATE messages SET status=?2 WHERE id=?1",
    [STMT_MSG_SET_FOLDER] = "UPDATE messages SET folder=?2, version=version+1 WHERE id=?1",
    [STMT_MSG_DELETE] = "DELETE FROM messages WHERE id=?1",
    [STMT_MSG_COPY] = "INSERT INTO messages(folder, assoc, flags, status, size, props, big, recips, delivery_time) "
                      "SELECT ?2, assoc, flags & ~4, status, size, props, big, recips, delivery_time FROM messages "
                      "WHERE id=?1",
    [STMT_MSG_SUMMARY] = "SELECT id, folder, assoc, flags, status, size, props, delivery_time FROM messages "
                         "WHERE id=?1",
    [STMT_MSG_LIST] = "SELECT id, folder, assoc, flags, status, size, props, delivery_time FROM messages "
                      "WHERE folder=?1 AND assoc=?2",
    [STMT_MSG_LIST_ALL] = "SELECT id, assoc FROM messages WHERE folder=?1",
    [STMT_ATTACH_LIST] = "SELECT num, props FROM attachments WHERE message=?1 ORDER BY num",
    [STMT_ATTACH_GET] = "SELECT props, big FROM attachments WHERE message=?1 AND num=?2",
    [STMT_ATTACH_PUT] = "INSERT OR REPLACE INTO attachments(message, num, props, big) VALUES(?1, ?2, ?3, ?4)",
    [STMT_ATTACH_DELETE_OTHERS] = "DELETE FROM attachments WHERE message=?1 AND num=?2",
    [STMT_ATTACH_DELETE_ALL] = "DELETE FROM attachments WHERE message=?1",
    [STMT_ATTACH_COPY] = "INSERT INTO attachments(message, num, props, big) "
                         "SELECT ?2, num, props, big FROM attachments WHERE message=?1",
    [STMT_QUEUE_GET] = "SELECT submit_time, submit_flags, owner FROM outgoing WHERE message=?1",
    [STMT_QUEUE_INSERT] = "INSERT OR REPLACE INTO outgoing(message, submit_time, submit_flags, owner) "
                          "VALUES(?1, ?2, ?3, NULL)",
    [STMT_QUEUE_DELETE] = "DELETE FROM outgoing WHERE message=?1",
    [STMT_QUEUE_LOCK] = "UPDATE outgoing SET submit_flags=(submit_flags & ~1) | ?2, owner=?3 WHERE message=?1",
    [STMT_QUEUE_LIST] = "SELECT o.message, o.submit_time, o.submit_flags, o.owner, m.folder, m.flags, m.status, "
                        "m.size, m.props FROM outgoing o JOIN messages m ON m.id=o.message "
                        "WHERE ?1=0 OR o.message=?1",
    [STMT_QUEUE_COUNT] = "SELECT message, owner FROM outgoing",
    [STMT_QUEUE_UNLOCK_OWNER] = "SELECT message FROM outgoing WHERE owner=?1",
    [STMT_RECEIVE_GET] = "SELECT class, folder FROM receive_folders",
    [STMT_RECEIVE_SET] = "INSERT OR REPLACE INTO receive_folders(class, folder) VALUES(?1, ?2)",
    [STMT_RECEIVE_DELETE] = "DELETE FROM receive_folders WHERE class=?1",
    [STMT_RECEIVE_DELETE_FOLDER] = "DELETE FROM receive_folders WHERE folder=?1",
    [STMT_META_DELETE] = "DELETE FROM meta WHERE key=?1",
    [STMT_RECEIVE_LIST] = "SELECT rowid, class, folder FROM receive_folders",
    [STMT_NAMED_LIST] = "SELECT id, guid, kind, lid, name FROM named_props WHERE id>?1 ORDER BY id",
    [STMT_NAMED_INSERT] = "INSERT INTO named_props(id, guid, kind, lid, name) VALUES(?1, ?2, ?3, ?4, ?5)",
    [STMT_CHANGE_INSERT] = "INSERT INTO changes(origin, event, type, id, parent, old_id, old_parent, time) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [STMT_CHANGE_SINCE] = "SELECT seq, origin, event, type, id, parent, old_id, old_parent FROM changes "
                          "WHERE seq>?1 ORDER BY seq",
    [STMT_CHANGE_MAX] = "SELECT coalesce(max(seq), 0), coalesce(min(seq), 0) FROM changes",
    [STMT_CHANGE_PRUNE] = "DELETE FROM changes WHERE time<?1",
    [STMT_DATA_VERSION] = "PRAGMA data_version",
};

HRESULT db_hr(struct sqlms_db *db, int rc)
{
    switch (rc & 0xff)
    {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return S_OK;
    case SQLITE_NOMEM:
        return MAPI_E_NOT_ENOUGH_MEMORY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return MAPI_E_TIMEOUT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return MAPI_E_NO_ACCESS;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return MAPI_E_CORRUPT_STORE;
    case SQLITE_FULL:
        return MAPI_E_NOT_ENOUGH_DISK;
    case SQLITE_CANTOPEN:
        return MAPI_E_NOT_FOUND;
    case SQLITE_CONSTRAINT:
        return MAPI_E_COLLISION;
    case SQLITE_IOERR:
        return MAPI_E_DISK_ERROR;
    }
    return MAPI_E_CALL_FAILED;
}

static void warn_sqlite(struct sqlms_db *db, int rc, const char *what)
{
    WARN("%s: %s (%d)\n", what, db->sql ? sqlite3_errmsg(db->sql) : "", rc);
}

sqlite3_stmt *db_stmt(struct sqlms_db *db, enum stmt_id id)
{
    int rc;

    if (!db->stmts[id])
    {
        rc = sqlite3_prepare_v3(db->sql, statements[id], -1, SQLITE_PREPARE_PERSISTENT, &db->stmts[id], NULL);
        if (rc != SQLITE_OK)
        {
            ERR("cannot prepare %s: %s\n", debugstr_a(statements[id]), sqlite3_errmsg(db->sql));
            return NULL;
        }
    }
    else
    {
        sqlite3_reset(db->stmts[id]);
        sqlite3_clear_bindings(db->stmts[id]);
    }
    return db->stmts[id];
}

/* Runs a statement that returns no row, and resets it. */
HRESULT db_step_done(struct sqlms_db *db, sqlite3_stmt *stmt)
{
    int rc;

    if (!stmt) return MAPI_E_CALL_FAILED;
    rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return S_OK;
    warn_sqlite(db, rc, "step");
    return db_hr(db, rc);
}

HRESULT db_exec(struct sqlms_db *db, const char *sql)
{
    char *message = NULL;
    int rc;

    if ((rc = sqlite3_exec(db->sql, sql, NULL, NULL, &message)) != SQLITE_OK)
    {
        WARN("%s: %s\n", debugstr_a(sql), debugstr_a(message));
        sqlite3_free(message);
    }
    return db_hr(db, rc);
}

HRESULT db_get_meta(struct sqlms_db *db, const char *key, struct sqlms_buffer *value)
{
    sqlite3_stmt *stmt = db_stmt(db, STMT_META_GET);
    HRESULT hr = MAPI_E_NOT_FOUND;
    int rc;

    if (!stmt) return MAPI_E_CALL_FAILED;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    {
        value->size = 0;
        hr = buffer_append(value, sqlite3_column_blob(stmt, 0), sqlite3_column_bytes(stmt, 0))
             ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
    }
    else if (rc != SQLITE_DONE)
        hr = db_hr(db, rc);
    sqlite3_reset(stmt);
    return hr;
}

HRESULT db_set_meta(struct sqlms_db *db, const char *key, const void *value, SIZE_T size)
{
    sqlite3_stmt *stmt = db_stmt(db, STMT_META_SET);

    if (!stmt) return MAPI_E_CALL_FAILED;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 2, value, size, SQLITE_STATIC);
    return db_step_done(db, stmt);
}

static int pragma_int(struct sqlms_db *db, const char *sql, int *value)
{
    sqlite3_stmt *stmt;
    int rc;

    if ((rc = sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL)) != SQLITE_OK) return rc;
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    {
        *value = sqlite3_column_int(stmt, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(stmt);
    return rc;
}

static BOOL is_reserved_name(const WCHAR *start, SIZE_T len)
{
    static const WCHAR *const reserved[] =
    {
        L"CON", L"PRN", L"AUX", L"NUL", L"CONIN$", L"CONOUT$",
        L"COM1", L"COM2", L"COM3", L"COM4", L"COM5", L"COM6", L"COM7", L"COM8", L"COM9",
        L"LPT1", L"LPT2", L"LPT3", L"LPT4", L"LPT5", L"LPT6", L"LPT7", L"LPT8", L"LPT9",
    };
    SIZE_T base = 0, i;

    while (base < len && start[base] != '.') base++;
    for (i = 0; i < ARRAY_SIZE(reserved); i++)
        if (lstrlenW(reserved[i]) == base && !_wcsnicmp(start, reserved[i], base)) return TRUE;
    return FALSE;
}

static BOOL is_plain_file_or_absent(const WCHAR *path, BOOL *exists)
{
    DWORD attrs = GetFileAttributesW(path);

    *exists = attrs != INVALID_FILE_ATTRIBUTES;
    if (!*exists) return TRUE;
    return !(attrs & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DEVICE));
}

/**************************************************************************
 *  db_check_path
 *
 * Checks a database path from the profile before anything touches it: a full,
 * canonical path of a plain file (or of none yet, in an existing folder),
 * with no relative components, devices, streams or links, so that the store
 * writes that file and its "-wal" and "-shm" companions and nothing else.
 *
 * RETURNS
 *  S_OK, MAPI_E_UNCONFIGURED for a path that is not acceptable.
 */
HRESULT db_check_path(const WCHAR *path)
{
    WCHAR companion[MAX_PATH], parent[MAX_PATH], full[MAX_PATH];
    const WCHAR *p, *component, *last_sep;
    SIZE_T len;
    BOOL exists;

    if (!path || !(len = lstrlenW(path)) || len + 5 >= MAX_PATH) goto bad;

    if (((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) &&
        path[1] == ':' && path[2] == '\\')
        p = path + 3;
    else if (path[0] == '\\' && path[1] == '\\' && path[2] != '?' && path[2] != '.')
        p = path + 2;
    else
        goto bad;

    for (component = p; ; p++)
    {
        if (*p == '\\' || !*p)
        {
            SIZE_T n = p - component;

            if (!n) goto bad;
            if (component[n - 1] == '.' || component[n - 1] == ' ') goto bad;
            if (is_reserved_name(component, n)) goto bad;
            if (!*p) break;
            component = p + 1;
            continue;
        }
        if (*p < 32 || wcschr(L"<>\"|?*:/", *p)) goto bad;
    }

    /* What the system makes of it must be what we were given. */
    if (!GetFullPathNameW(path, ARRAY_SIZE(full), full, NULL) || lstrcmpiW(full, path)) goto bad;

    if (!is_plain_file_or_absent(path, &exists)) goto bad;
    swprintf(companion, ARRAY_SIZE(companion), L"%s-wal", path);
    if (!is_plain_file_or_absent(companion, &exists)) goto bad;
    swprintf(companion, ARRAY_SIZE(companion), L"%s-shm", path);
    if (!is_plain_file_or_absent(companion, &exists)) goto bad;

    last_sep = wcsrchr(path, '\\');
    len = last_sep - path;
    memcpy(parent, path, len * sizeof(WCHAR));
    parent[len] = 0;
    if (len == 2) lstrcatW(parent, L"\\");
    {
        DWORD attrs = GetFileAttributesW(parent);
        if (attrs == INVALID_FILE_ATTRIBUTES || !(attrs & FILE_ATTRIBUTE_DIRECTORY)) goto bad;
    }
    return S_OK;

bad:
    WARN("refusing database path %s\n", debugstr_w(path));
    return MAPI_E_UNCONFIGURED;
}

/* An existing non-empty file must be an SQLite database before SQLite opens it. */
static HRESULT check_file_header(const WCHAR *path, BOOL *exists)
{
    static const char magic[16] = "SQLite format 3";
    char header[16];
    DWORD read = 0;
    HANDLE file;

    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        *exists = FALSE;
        return GetLastError() == ERROR_FILE_NOT_FOUND ? S_OK : MAPI_E_NO_ACCESS;
    }
    *exists = TRUE;
    ReadFile(file, header, sizeof(header), &read, NULL);
    CloseHandle(file);
    if (!read) return S_OK;
    if (read != sizeof(header) || memcmp(header, magic, sizeof(magic)))
    {
        WARN("%s is not a database\n", debugstr_w(path));
        return MAPI_E_CORRUPT_STORE;
    }
    return S_OK;
}

static HRESULT migrate_delivery_times(struct sqlms_db *db)
{
    sqlite3_stmt *select, *update;
    HRESULT hr = S_OK;
    int rc;

    if (sqlite3_prepare_v2(db->sql, "SELECT id, props FROM messages", -1, &select, NULL) != SQLITE_OK)
        return MAPI_E_CALL_FAILED;
    if (sqlite3_prepare_v2(db->sql, "UPDATE messages SET delivery_time=?2 WHERE id=?1", -1, &update, NULL)
        != SQLITE_OK)
    {
        sqlite3_finalize(select);
        return MAPI_E_CALL_FAILED;
    }
    while ((rc = sqlite3_step(select)) == SQLITE_ROW)
    {
        SPropValue *props;
        ULONG count, i;

        if (FAILED(blob_decode(sqlite3_column_blob(select, 1), sqlite3_column_bytes(select, 1), FALSE, NULL,
                               &count, &props)))
            continue; /* a damaged row keeps no delivery time; the rest carry on */
        for (i = 0; i < count; i++)
        {
            if (props[i].ulPropTag != PR_MESSAGE_DELIVERY_TIME) continue;
            sqlite3_bind_int64(update, 1, sqlite3_column_int64(select, 0));
            sqlite3_bind_int64(update, 2, filetime_to_int(&props[i].Value.ft));
            rc = sqlite3_step(update);
            sqlite3_reset(update);
            if (rc != SQLITE_DONE) hr = db_hr(db, rc);
        }
        MAPIFreeBuffer(props);
        if (FAILED(hr)) break;
    }
    if (rc != SQLITE_DONE && SUCCEEDED(hr)) hr = db_hr(db, rc);
    sqlite3_finalize(select);
    sqlite3_finalize(update);
    return hr;
}

/* Brings the schema to SQLMS_SCHEMA_VERSION, one transaction for all steps. */
static HRESULT db_upgrade(struct sqlms_db *db, int version)
{
    char sql[64];
    HRESULT hr;

    if (FAILED(hr = db_exec(db, "BEGIN IMMEDIATE"))) return hr;
    /* Another process may have done it while we waited for the lock. */
    if (pragma_int(db, "PRAGMA user_version", &version) != SQLITE_OK) goto failed;
    if (version == 0)
    {
        TRACE("creating schema version %d\n", SQLMS_SCHEMA_VERSION);
        if (FAILED(hr = db_exec(db, schema_v2))) goto failed;
    }
    else if (version == 1)
    {
        TRACE("migrating schema 1 to 2\n");
        if (FAILED(hr = db_exec(db, migrate_v1_v2))) goto failed;
        if (FAILED(hr = migrate_delivery_times(db))) goto failed;
    }
    if (version != SQLMS_SCHEMA_VERSION)
    {
        sprintf(sql, "PRAGMA user_version=%d", SQLMS_SCHEMA_VERSION);
        if (FAILED(hr = db_exec(db, sql))) goto failed;
        sprintf(sql, "PRAGMA application_id=%d", SQLMS_APPLICATION_ID);
        if (FAILED(hr = db_exec(db, sql))) goto failed;
    }
    return db_exec(db, "COMMIT");

failed:
    db_exec(db, "ROLLBACK");
    return FAILED(hr) ? hr : MAPI_E_CALL_FAILED;
}

/**************************************************************************
 *  db_open
 *
 * Opens (and with create, makes) the store's database at a checked path.
 *
 * RETURNS
 *  S_OK; MAPI_E_UNCONFIGURED for an unacceptable path, MAPI_E_NOT_FOUND when
 *  the file is absent and create is FALSE, MAPI_E_CORRUPT_STORE for a file
 *  that is not an SQLMS store (left untouched), MAPI_E_VERSION for a store
 *  made by a newer version.
 */
HRESULT db_open(const WCHAR *path, BOOL create, struct sqlms_db **out)
{
    struct sqlms_db *db;
    int rc, app_id = 0, version = 0, tables = 0;
    char *utf8;
    BOOL exists;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = db_check_path(path))) return hr;
    if (FAILED(hr = check_file_header(path, &exists))) return hr;
    if (!exists && !create) return MAPI_E_NOT_FOUND;

    if (!(db = heap_alloc_zero(sizeof(*db)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(utf8 = utf8_from_wide(path)))
    {
        heap_free(db);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    rc = sqlite3_open_v2(utf8, &db->sql, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                         SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
    heap_free(utf8);
    if (rc != SQLITE_OK)
    {
        warn_sqlite(db, rc, "open");
        hr = db_hr(db, rc);
        goto failed;
    }
    sqlite3_extended_result_codes(db->sql, 1);
    sqlite3_busy_timeout(db->sql, 30000);
    sqlite3_limit(db->sql, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);

    /* Read before writing anything: a database of another program stays untouched. */
    if ((rc = pragma_int(db, "PRAGMA application_id", &app_id)) != SQLITE_OK ||
        (rc = pragma_int(db, "PRAGMA user_version", &version)) != SQLITE_OK ||
        (rc = pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables)) != SQLITE_OK)
    {
        warn_sqlite(db, rc, "reading the header");
        hr = db_hr(db, rc);
        goto failed;
    }
    if (app_id != SQLMS_APPLICATION_ID && (app_id || tables))
    {
        WARN("%s is a database of another program (id %#x)\n", debugstr_w(path), app_id);
        hr = MAPI_E_CORRUPT_STORE;
        goto failed;
    }
    if (version > SQLMS_SCHEMA_VERSION)
    {
        WARN("store schema %d is newer than ours (%d)\n", version, SQLMS_SCHEMA_VERSION);
        hr = MAPI_E_VERSION;
        goto failed;
    }

    if (FAILED(hr = db_exec(db, "PRAGMA journal_mode=WAL")) ||
        FAILED(hr = db_exec(db, "PRAGMA synchronous=NORMAL")) ||
        FAILED(hr = db_exec(db, "PRAGMA temp_store=MEMORY")))
        goto failed;

    if (version != SQLMS_SCHEMA_VERSION && FAILED(hr = db_upgrade(db, version))) goto failed;

    *out = db;
    return S_OK;

failed:
    db_close(db);
    return hr;
}

void db_close(struct sqlms_db *db)
{
    ULONG i;

    if (!db) return;
    for (i = 0; i < STMT_COUNT; i++) sqlite3_finalize(db->stmts[i]);
    if (db->sql) sqlite3_close_v2(db->sql);
    heap_free(db);
}
