/*
 * The named pipe between processes: the active spooler of a profile serves
 * \\.\pipe\wine-mapi-spooler:<profile>, and the other processes of the
 * profile send it what their stores' support objects learn: a client opened
 * a store, a client's last Release of a store (StoreLogoffTransports), and
 * IMAPIStatus::FlushQueues and ValidateState of the spooler's status object. Each connection
 * is one request and one answer, handled on a thread of its own so that a
 * PURGE or a flush that waits holds up nobody else.
 */

#include "spooler.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define IPC_MAGIC        0x4c4f4f50   /* "POOL" */
#define IPC_STORE_LOGOFF 1
#define IPC_STORE_OPENED 2
#define IPC_FLUSH        3
#define IPC_VALIDATE     4
#define IPC_CONNECT_MS   5000         /* how long a client waits for a spooler that is taking over */
/* How long a FlushQueues waits for the answer: the spooler's own bound, and the way there and back. */
#define IPC_FLUSH_MS     (SPOOL_FLUSH_WAIT_MS + 10000)

struct ipc_request
{
    DWORD magic;
    DWORD op;
    MAPIUID store;                    /* IPC_FLUSH: the target transport's provider UID */
    DWORD flags;
    DWORD targeted;                   /* IPC_FLUSH of one transport */
    UINT64 ui_param;                  /* IPC_VALIDATE: a window handle, the same in every process */
};

struct ipc_reply
{
    DWORD magic;
    HRESULT hr;
    DWORD flags;
};

struct ipc_server
{
    struct spooler *spooler;
    HANDLE thread;
    HANDLE stop;
    WCHAR name[MAX_PATH];
    LONG connections;                 /* handler threads running */
};

struct ipc_connection
{
    struct ipc_server *server;
    HANDLE pipe;
};

static void pipe_name(const WCHAR *profile, WCHAR *name, ULONG size)
{
    WCHAR object[MAX_PATH];

    spooler_mutex_name(profile, object, ARRAY_SIZE(object));
    swprintf(name, size, L"\\\\.\\pipe\\%s", object);
}

static DWORD WINAPI connection_thread(void *arg)
{
    struct ipc_connection *connection = arg;
    struct spooler *spooler = connection->server->spooler;
    struct ipc_request request;
    struct ipc_reply reply = { IPC_MAGIC, MAPI_E_CALL_FAILED, 0 };
    DWORD size;

    if (ReadFile(connection->pipe, &request, sizeof(request), &size, NULL) && size == sizeof(request) &&
        request.magic == IPC_MAGIC)
    {
        switch (request.op)
        {
        case IPC_STORE_LOGOFF:
            TRACE("another process logs off a store, flag %#lx\n", request.flags);
            reply.hr = spool_logoff_decide(spooler, &request.store, request.flags, &reply.flags);
            break;
        case IPC_STORE_OPENED:
            spool_store_opened(spooler, &request.store);
            reply.hr = S_OK;
            break;
        case IPC_FLUSH:
            TRACE("another process flushes the queues, flags %#lx\n", request.flags);
            reply.hr = spool_flush(spooler, request.flags, request.targeted ? &request.store : NULL);
            break;
        case IPC_VALIDATE:
            TRACE("another process validates the state, flags %#lx\n", request.flags);
            reply.hr = spool_validate(spooler, (ULONG_PTR)request.ui_param, request.flags);
            break;
        default:
            reply.hr = MAPI_E_NO_SUPPORT;
        }
        WriteFile(connection->pipe, &reply, sizeof(reply), &size, NULL);
        FlushFileBuffers(connection->pipe);
    }
    DisconnectNamedPipe(connection->pipe);
    CloseHandle(connection->pipe);
    InterlockedDecrement(&connection->server->connections);
    spooler_release(spooler);
    free(connection);
    return 0;
}

static DWORD WINAPI server_thread(void *arg)
{
    struct ipc_server *server = arg;
    struct ipc_connection *connection;
    OVERLAPPED overlapped = { 0 };
    HANDLE pipe, handles[2], thread;
    DWORD size;
    BOOL connected;

    overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    handles[0] = server->stop;
    handles[1] = overlapped.hEvent;
    while (WaitForSingleObject(server->stop, 0) == WAIT_TIMEOUT)
    {
        pipe = CreateNamedPipeW(server->name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
                                PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT, PIPE_UNLIMITED_INSTANCES,
                                sizeof(struct ipc_reply), sizeof(struct ipc_request), 0, NULL);
        if (pipe == INVALID_HANDLE_VALUE)
        {
            ERR("no pipe %s: %lu\n", debugstr_w(server->name), GetLastError());
            break;
        }
        ResetEvent(overlapped.hEvent);
        connected = ConnectNamedPipe(pipe, &overlapped);
        if (!connected && GetLastError() == ERROR_IO_PENDING)
        {
            if (WaitForMultipleObjects(2, handles, FALSE, INFINITE) != WAIT_OBJECT_0 + 1)
            {
                CancelIo(pipe);
                CloseHandle(pipe);
                break;
            }
            connected = GetOverlappedResult(pipe, &overlapped, &size, FALSE);
        }
        else if (!connected && GetLastError() == ERROR_PIPE_CONNECTED) connected = TRUE;
        if (!connected || !(connection = calloc(1, sizeof(*connection))))
        {
            CloseHandle(pipe);
            continue;
        }
        connection->server = server;
        connection->pipe = pipe;
        InterlockedIncrement(&server->spooler->ref);
        InterlockedIncrement(&server->connections);
        if (!(thread = CreateThread(NULL, 0, connection_thread, connection, 0, NULL)))
        {
            InterlockedDecrement(&server->connections);
            spooler_release(server->spooler);
            CloseHandle(pipe);
            free(connection);
            continue;
        }
        CloseHandle(thread);
    }
    CloseHandle(overlapped.hEvent);
    return 0;
}

void *spool_ipc_start(struct spooler *spooler)
{
    struct ipc_server *server;

    if (!(server = calloc(1, sizeof(*server)))) return NULL;
    server->spooler = spooler;
    pipe_name(spooler->profile_name, server->name, ARRAY_SIZE(server->name));
    if (!(server->stop = CreateEventW(NULL, TRUE, FALSE, NULL)) ||
        !(server->thread = CreateThread(NULL, 0, server_thread, server, 0, NULL)))
    {
        if (server->stop) CloseHandle(server->stop);
        free(server);
        return NULL;
    }
    TRACE("serving %s\n", debugstr_w(server->name));
    return server;
}

void spool_ipc_stop(void *arg)
{
    struct ipc_server *server = arg;

    if (!server) return;
    SetEvent(server->stop);
    WaitForSingleObject(server->thread, INFINITE);
    CloseHandle(server->thread);
    CloseHandle(server->stop);
    /* A PURGE still waiting answers once the agent wakes its waiters; nothing here waits for it. */
    free(server);
}

/* Whether any process has a spooler agent for the profile (active or standing by). */
static BOOL spooler_exists(const WCHAR *profile)
{
    WCHAR name[MAX_PATH];
    HANDLE mutex;

    spooler_mutex_name(profile, name, ARRAY_SIZE(name));
    if (!(mutex = OpenMutexW(SYNCHRONIZE, FALSE, name))) return FALSE;
    CloseHandle(mutex);
    return TRUE;
}

/* One write or read on the pipe, given up after timeout ms (INFINITE: never). */
static BOOL pipe_io(HANDLE pipe, BOOL write, void *buffer, DWORD size, DWORD *done, DWORD timeout)
{
    OVERLAPPED overlapped = { 0 };
    BOOL ret;

    *done = 0;
    if (!(overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL))) return FALSE;
    if (write) ret = WriteFile(pipe, buffer, size, NULL, &overlapped);
    else ret = ReadFile(pipe, buffer, size, NULL, &overlapped);
    if (ret || GetLastError() == ERROR_IO_PENDING)
    {
        if (WaitForSingleObject(overlapped.hEvent, timeout) != WAIT_OBJECT_0)
        {
            CancelIo(pipe);
            GetOverlappedResult(pipe, &overlapped, done, TRUE);
            CloseHandle(overlapped.hEvent);
            SetLastError(ERROR_TIMEOUT);
            return FALSE;
        }
        ret = GetOverlappedResult(pipe, &overlapped, done, FALSE);
    }
    CloseHandle(overlapped.hEvent);
    return ret;
}

/* One request to the active spooler, its answer awaited timeout ms at most; S_FALSE when the profile
 * has none, MAPI_E_TIMEOUT when it did not answer in time. */
static HRESULT ipc_call(const WCHAR *profile, const struct ipc_request *request, struct ipc_reply *reply,
                        DWORD timeout)
{
    ULONGLONG deadline = GetTickCount64() + IPC_CONNECT_MS;
    WCHAR name[MAX_PATH];
    DWORD mode = PIPE_READMODE_MESSAGE, size;
    HANDLE pipe;

    pipe_name(profile, name, ARRAY_SIZE(name));
    for (;;)
    {
        pipe = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
        if (pipe != INVALID_HANDLE_VALUE) break;
        if (GetLastError() == ERROR_PIPE_BUSY)
        {
            WaitNamedPipeW(name, 500);
            continue;
        }
        /* No agent anywhere: nobody spools for the profile. One standing by takes over soon. */
        if (!spooler_exists(profile) || GetTickCount64() > deadline) return S_FALSE;
        Sleep(20);
    }
    SetNamedPipeHandleState(pipe, &mode, NULL, NULL);
    if (!pipe_io(pipe, TRUE, (void *)request, sizeof(*request), &size, timeout) ||
        !pipe_io(pipe, FALSE, reply, sizeof(*reply), &size, timeout) || size != sizeof(*reply) ||
        reply->magic != IPC_MAGIC)
    {
        DWORD error = GetLastError();

        WARN("the spooler did not answer (%lu)\n", error);
        CloseHandle(pipe);
        return error == ERROR_TIMEOUT ? MAPI_E_TIMEOUT : MAPI_E_CALL_FAILED;
    }
    CloseHandle(pipe);
    return S_OK;
}

HRESULT spool_ipc_store_logoff(const WCHAR *profile, const MAPIUID *uid, ULONG flag, ULONG *result)
{
    struct ipc_request request = { IPC_MAGIC, IPC_STORE_LOGOFF, *uid, flag };
    struct ipc_reply reply;
    HRESULT hr;

    TRACE("(%s,%#lx): asking the active spooler\n", debugstr_w(profile), flag);
    hr = ipc_call(profile, &request, &reply, INFINITE);
    if (hr == S_OK)
    {
        *result = reply.flags;
        return reply.hr;
    }
    /* No spooler (every session MAPI_NO_MAIL), or a dead one: nobody holds a logon to the store. */
    TRACE("no spooler answers: complete\n");
    *result = LOGOFF_COMPLETE;
    return S_OK;
}

void spool_ipc_store_opened(const WCHAR *profile, const MAPIUID *uid)
{
    struct ipc_request request = { IPC_MAGIC, IPC_STORE_OPENED, *uid, 0 };
    struct ipc_reply reply;

    if (!spooler_exists(profile)) return;
    ipc_call(profile, &request, &reply, INFINITE);
}

HRESULT spool_ipc_flush(const WCHAR *profile, ULONG flags, const MAPIUID *target)
{
    struct ipc_request request = { IPC_MAGIC, IPC_FLUSH, { { 0 } }, flags };
    struct ipc_reply reply;
    HRESULT hr;

    TRACE("(%s,%#lx,%p): asking the active spooler\n", debugstr_w(profile), flags, target);
    if ((request.targeted = target != NULL)) request.store = *target;
    hr = ipc_call(profile, &request, &reply, IPC_FLUSH_MS);
    if (hr == S_OK) return reply.hr;
    if (hr == S_FALSE) return S_FALSE;
    /* It did not answer in time, or went away in the middle: the flush is not known to be done. */
    WARN("no answer from the active spooler: %#lx\n", hr);
    return MAPI_E_BUSY;
}

HRESULT spool_ipc_validate(const WCHAR *profile, ULONG_PTR ui_param, ULONG flags)
{
    struct ipc_request request = { IPC_MAGIC, IPC_VALIDATE, { { 0 } }, flags };
    struct ipc_reply reply;
    HRESULT hr;

    TRACE("(%s,%#Ix,%#lx): asking the active spooler\n", debugstr_w(profile), ui_param, flags);
    request.ui_param = ui_param;
    hr = ipc_call(profile, &request, &reply, IPC_FLUSH_MS);
    if (hr == S_OK) return reply.hr;
    if (hr == S_FALSE) return S_FALSE;
    WARN("no answer from the active spooler: %#lx\n", hr);
    return MAPI_E_BUSY;
}
