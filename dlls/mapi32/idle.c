/*
 * The idle engine: routines clients and providers register to run in slow
 * times, each on its schedule and by priority.
 *
 * MAPIInitIdle starts a thread of ours (at idle priority) that calls the
 * routines; MAPIDeinitIdle, when the last initialisation is undone, stops it
 * after the routine it may be running returns. A routine is ready
 *  - FIROINTERVAL: csecIdle hundredths of a second after its last call
 *    returned (for the first call: after it was registered, enabled or
 *    changed);
 *  - FIROWAIT: once the user has left keyboard and mouse alone for csecIdle
 *    hundredths of a second since it was registered, enabled or changed;
 *    after that whenever the engine is idle;
 *  - otherwise whenever the engine is idle.
 * "Whenever the engine is idle" means a pause of IDLE_REPEAT_MS between two
 * calls of a routine, so that one always ready routine cannot keep the
 * processor busy or starve the others. Of the ready routines the one of the
 * highest priority runs first; among equals the one waiting longest.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define IDLE_REPEAT_MS 50

struct idle_routine
{
    struct idle_routine *next;
    PFNIDLE func;
    void *param;
    short priority;
    ULONG csec;
    USHORT options;         /* FIRO* */
    BOOL enabled;
    BOOL deregistered;      /* while running: free it when it returns */
    BOOL has_run;           /* since its schedule started */
    ULONGLONG start;        /* when its schedule started (registered, enabled or changed) */
    ULONGLONG last_return;  /* when its last call returned */
};

struct idle_engine
{
    HANDLE thread;
    HANDLE wake;            /* something changed: look at the routines again */
    DWORD thread_id;
    BOOL stopping;
    BOOL detached;          /* stopped from its own thread, which cleans up */
    struct idle_routine *routines;  /* in the order they were registered */
    struct idle_routine *running;
};

static CRITICAL_SECTION idle_section;
static CRITICAL_SECTION_DEBUG idle_section_debug =
{
    0, 0, &idle_section,
    { &idle_section_debug.ProcessLocksList, &idle_section_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": idle_section") }
};
static CRITICAL_SECTION idle_section = { &idle_section_debug, -1, 0, 0, 0, 0 };
/* signalled whenever a routine returns */
static CONDITION_VARIABLE routine_returned = CONDITION_VARIABLE_INIT;

static LONG idle_init_count;
static struct idle_engine *idle_engine;

static ULONGLONG wait_ms(const struct idle_routine *routine)
{
    return (ULONGLONG)routine->csec * 10;
}

/* When the user last touched keyboard or mouse, in GetTickCount64 time */
static ULONGLONG last_input_time(ULONGLONG now)
{
    LASTINPUTINFO info = { sizeof(info) };
    DWORD age;

    if (!GetLastInputInfo(&info)) return 0;
    age = GetTickCount() - info.dwTime;
    return age < now ? now - age : 0;
}

/* The earliest time the routine may run, or ~0 if it is disabled */
static ULONGLONG due_time(const struct idle_routine *routine, ULONGLONG now)
{
    if (!routine->enabled || routine->deregistered) return ~(ULONGLONG)0;

    if (routine->options & FIROINTERVAL)
        return (routine->has_run ? routine->last_return : routine->start) + wait_ms(routine);
    if (routine->has_run)
        return routine->last_return + IDLE_REPEAT_MS;
    if (routine->options & FIROWAIT)
        return max(routine->start, last_input_time(now)) + wait_ms(routine);
    return routine->start;
}

/* The ready routine to run next, or NULL; *next is when to look again */
static struct idle_routine *next_routine(struct idle_engine *engine, ULONGLONG now, ULONGLONG *next)
{
    struct idle_routine *routine, *best = NULL;

    *next = ~(ULONGLONG)0;
    for (routine = engine->routines; routine; routine = routine->next)
    {
        ULONGLONG due = due_time(routine, now);

        if (due > now)
        {
            *next = min(*next, due);
            continue;
        }
        if (!best || routine->priority > best->priority ||
            (routine->priority == best->priority && routine->last_return < best->last_return))
            best = routine;
    }
    return best;
}

/* Unlinks and frees a routine */
static void remove_routine(struct idle_engine *engine, struct idle_routine *routine)
{
    struct idle_routine **link;

    for (link = &engine->routines; *link; link = &(*link)->next)
    {
        if (*link != routine) continue;
        *link = routine->next;
        free(routine);
        return;
    }
}

static void free_engine(struct idle_engine *engine)
{
    struct idle_routine *routine, *next;

    for (routine = engine->routines; routine; routine = next)
    {
        next = routine->next;
        free(routine);
    }
    CloseHandle(engine->wake);
    if (engine->detached) CloseHandle(engine->thread);
    free(engine);
}

static DWORD WINAPI idle_thread(void *arg)
{
    struct idle_engine *engine = arg;

    TRACE("idle engine %p started\n", engine);

    EnterCriticalSection(&idle_section);
    while (!engine->stopping)
    {
        ULONGLONG now = GetTickCount64(), next;
        struct idle_routine *routine = next_routine(engine, now, &next);
        PFNIDLE func;
        void *param;
        BOOL ret;

        if (!routine)
        {
            DWORD timeout = next == ~(ULONGLONG)0 ? INFINITE : (DWORD)min(next - now, 0x7fffffff);

            LeaveCriticalSection(&idle_section);
            WaitForSingleObject(engine->wake, timeout);
            EnterCriticalSection(&idle_section);
            continue;
        }

        engine->running = routine;
        func = routine->func;
        param = routine->param;
        LeaveCriticalSection(&idle_section);

        TRACE("calling %p(%p)\n", func, param);
        ret = func(param);
        TRACE("%p returned %d\n", func, ret);

        EnterCriticalSection(&idle_section);
        engine->running = NULL;
        routine->has_run = TRUE;
        routine->last_return = GetTickCount64();
        if (routine->options & FIROONCEONLY) routine->enabled = FALSE;
        if (routine->deregistered) remove_routine(engine, routine);
        WakeAllConditionVariable(&routine_returned);
    }
    free_engine(engine);
    LeaveCriticalSection(&idle_section);

    TRACE("idle engine %p stopped\n", engine);
    return 0;
}

/* The routine an FTG names, if it is registered with the running engine */
static struct idle_routine *routine_from_ftg(FTG ftg)
{
    struct idle_routine *routine;

    if (!idle_engine) return NULL;
    for (routine = idle_engine->routines; routine; routine = routine->next)
        if (routine == ftg && !routine->deregistered) return routine;
    return NULL;
}

static void restart_schedule(struct idle_routine *routine)
{
    routine->start = GetTickCount64();
    routine->has_run = FALSE;
    routine->last_return = 0;
}

/***********************************************************************
 *  MAPIInitIdle@4 (MAPI32.49)
 *
 * Starts the idle engine, or counts one more user of it.
 *
 * PARAMS
 *  reserved [I] Reserved, NULL.
 *
 * RETURNS
 *  0 on success, 1 if the engine cannot be started.
 *
 * NOTES
 *  Each call must be matched by one of MAPIDeinitIdle. The routines run on
 *  the engine's own thread, not on the one that called MAPIInitIdle.
 */
LONG WINAPI MAPIInitIdle(LPVOID reserved)
{
    struct idle_engine *engine;

    TRACE("(%p)\n", reserved);

    if (reserved) WARN("reserved %p is not NULL\n", reserved);

    EnterCriticalSection(&idle_section);
    if (idle_init_count++)
    {
        LeaveCriticalSection(&idle_section);
        return 0;
    }

    if (!(engine = calloc(1, sizeof(*engine)))) goto failed;
    if (!(engine->wake = CreateEventW(NULL, FALSE, FALSE, NULL)))
    {
        free(engine);
        goto failed;
    }
    if (!(engine->thread = CreateThread(NULL, 0, idle_thread, engine, CREATE_SUSPENDED, &engine->thread_id)))
    {
        CloseHandle(engine->wake);
        free(engine);
        goto failed;
    }
    SetThreadPriority(engine->thread, THREAD_PRIORITY_IDLE);
    idle_engine = engine;
    ResumeThread(engine->thread);
    LeaveCriticalSection(&idle_section);
    return 0;

failed:
    ERR("cannot start the idle engine\n");
    idle_init_count--;
    LeaveCriticalSection(&idle_section);
    return 1;
}

/***********************************************************************
 *  MAPIDeinitIdle@0 (MAPI32.50)
 *
 * Undoes one MAPIInitIdle; the last one stops the engine.
 *
 * NOTES
 *  The engine stops after the routine it may be running returns; every
 *  registered routine is forgotten. Unless a routine itself calls it,
 *  MAPIDeinitIdle returns once the engine has stopped.
 */
VOID WINAPI MAPIDeinitIdle(void)
{
    struct idle_engine *engine;
    HANDLE thread;

    TRACE("()\n");

    EnterCriticalSection(&idle_section);
    if (!idle_init_count)
    {
        WARN("the idle engine is not running\n");
        LeaveCriticalSection(&idle_section);
        return;
    }
    if (--idle_init_count)
    {
        LeaveCriticalSection(&idle_section);
        return;
    }

    engine = idle_engine;
    idle_engine = NULL;
    engine->stopping = TRUE;
    SetEvent(engine->wake);
    if (GetCurrentThreadId() == engine->thread_id)
    {
        /* a routine stops the engine: its thread cleans up when the routine returns */
        engine->detached = TRUE;
        LeaveCriticalSection(&idle_section);
        return;
    }
    thread = engine->thread;
    LeaveCriticalSection(&idle_section);

    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
}

/***********************************************************************
 *  InstallFilterHook@4 (MAPI32.51)
 *
 * Lets idle routines run while the calling thread is in a modal loop.
 *
 * PARAMS
 *  install [I] TRUE to install the hook, FALSE to remove it.
 *
 * RETURNS
 *  S_OK.
 *
 * NOTES
 *  Undocumented. Our routines run on the engine's thread whatever the caller
 *  does with its messages, so there is nothing to hook.
 */
HRESULT WINAPI InstallFilterHook(BOOL install)
{
    TRACE("(%d)\n", install);
    return S_OK;
}

/***********************************************************************
 *  FtgRegisterIdleRoutine@20 (MAPI32.52)
 *
 * Registers an idle routine.
 *
 * PARAMS
 *  func     [I] The routine.
 *  param    [I] What the routine is called with.
 *  priority [I] Its priority: the higher, the sooner it runs.
 *  csec     [I] A time in hundredths of a second; options say what it means.
 *  options  [I] FIROINTERVAL (the least time between two calls), FIROWAIT
 *               (the time the user must be inactive before the first call),
 *               FIRODISABLED (register it disabled), FIROONCEONLY.
 *
 * RETURNS
 *  The routine's tag for the other idle engine functions, or NULL if func
 *  is NULL, the engine is not running (MAPIInitIdle) or memory is short.
 *
 * NOTES
 *  The routine's return value, which should be FALSE, means nothing to the
 *  engine. FIROONCEONLY (obsolete) disables the routine after one call, until
 *  EnableIdleRoutine; FIROPERBLOCK (obsolete) is ignored.
 */
FTG WINAPI FtgRegisterIdleRoutine(PFNIDLE func, LPVOID param, short priority, ULONG csec, USHORT options)
{
    struct idle_routine *routine, **tail;

    TRACE("(%p,%p,%d,%lu,%#x)\n", func, param, priority, csec, options);

    if (!func)
    {
        WARN("no routine\n");
        return FTGNULL;
    }
    if (!priority) WARN("priority 0 is reserved for user events\n");

    EnterCriticalSection(&idle_section);
    if (!idle_engine)
    {
        WARN("the idle engine is not running\n");
        LeaveCriticalSection(&idle_section);
        return FTGNULL;
    }
    if (!(routine = calloc(1, sizeof(*routine))))
    {
        LeaveCriticalSection(&idle_section);
        return FTGNULL;
    }
    routine->func = func;
    routine->param = param;
    routine->priority = priority;
    routine->csec = csec;
    routine->options = options;
    routine->enabled = !(options & FIRODISABLED);
    restart_schedule(routine);
    for (tail = &idle_engine->routines; *tail; tail = &(*tail)->next) ;
    *tail = routine;
    SetEvent(idle_engine->wake);
    LeaveCriticalSection(&idle_section);
    return routine;
}

/***********************************************************************
 *  EnableIdleRoutine@8 (MAPI32.53)
 *
 * Enables or disables an idle routine.
 *
 * PARAMS
 *  ftg    [I] The routine's tag.
 *  enable [I] TRUE to enable it, FALSE to disable it.
 *
 * NOTES
 *  Enabling a routine starts its schedule over. A call in progress
 *  finishes.
 */
VOID WINAPI EnableIdleRoutine(FTG ftg, BOOL enable)
{
    struct idle_routine *routine;

    TRACE("(%p,%d)\n", ftg, enable);

    EnterCriticalSection(&idle_section);
    if (!(routine = routine_from_ftg(ftg)))
        WARN("%p is not a registered idle routine\n", ftg);
    else if (!enable != !routine->enabled)
    {
        routine->enabled = !!enable;
        if (enable) restart_schedule(routine);
        SetEvent(idle_engine->wake);
    }
    LeaveCriticalSection(&idle_section);
}

/***********************************************************************
 *  DeregisterIdleRoutine@4 (MAPI32.54)
 *
 * Removes an idle routine.
 *
 * PARAMS
 *  ftg [I] The routine's tag.
 *
 * NOTES
 *  A routine may deregister itself. Called on another thread while the
 *  routine runs, it returns once the routine has returned: then the caller
 *  can free what the routine uses.
 */
VOID WINAPI DeregisterIdleRoutine(FTG ftg)
{
    struct idle_routine *routine;

    TRACE("(%p)\n", ftg);

    EnterCriticalSection(&idle_section);
    if (!(routine = routine_from_ftg(ftg)))
    {
        WARN("%p is not a registered idle routine\n", ftg);
        LeaveCriticalSection(&idle_section);
        return;
    }

    if (idle_engine->running != routine) remove_routine(idle_engine, routine);
    else
    {
        struct idle_engine *engine = idle_engine;

        /* the engine frees it when it returns */
        routine->deregistered = TRUE;
        if (GetCurrentThreadId() != engine->thread_id)
        {
            /* unless MAPIDeinitIdle stops the engine meanwhile */
            while (idle_engine == engine && engine->running == routine)
                SleepConditionVariableCS(&routine_returned, &idle_section, INFINITE);
        }
    }
    LeaveCriticalSection(&idle_section);
}

/***********************************************************************
 *  ChangeIdleRoutine@28 (MAPI32.55)
 *
 * Changes some settings of an idle routine.
 *
 * PARAMS
 *  ftg      [I] The routine's tag.
 *  func     [I] The new routine (FIRCPFN).
 *  param    [I] The new parameter (FIRCPV).
 *  priority [I] The new priority (FIRCPRI).
 *  csec     [I] The new time (FIRCCSEC).
 *  options  [I] The new options (FIRCIRO); see FtgRegisterIdleRoutine.
 *  change   [I] Which of the above to change: FIRC* flags.
 *
 * NOTES
 *  A new time or new options start the routine's schedule over; new options
 *  with FIRODISABLED disable it. A call in progress finishes with what it
 *  was called with.
 */
VOID WINAPI ChangeIdleRoutine(FTG ftg, PFNIDLE func, LPVOID param, short priority, ULONG csec,
                              USHORT options, USHORT change)
{
    struct idle_routine *routine;

    TRACE("(%p,%p,%p,%d,%lu,%#x,%#x)\n", ftg, func, param, priority, csec, options, change);

    if (change & ~(FIRCPFN | FIRCPV | FIRCPRI | FIRCCSEC | FIRCIRO))
        WARN("unknown changes %#x\n", change);

    EnterCriticalSection(&idle_section);
    if (!(routine = routine_from_ftg(ftg)))
    {
        WARN("%p is not a registered idle routine\n", ftg);
        LeaveCriticalSection(&idle_section);
        return;
    }
    if (change & FIRCPFN)
    {
        if (func) routine->func = func;
        else WARN("no routine, keeping %p\n", routine->func);
    }
    if (change & FIRCPV) routine->param = param;
    if (change & FIRCPRI) routine->priority = priority;
    if (change & FIRCCSEC) routine->csec = csec;
    if (change & FIRCIRO)
    {
        routine->options = options;
        if (options & FIRODISABLED) routine->enabled = FALSE;
    }
    if (change & (FIRCCSEC | FIRCIRO)) restart_schedule(routine);
    SetEvent(idle_engine->wake);
    LeaveCriticalSection(&idle_section);
}
