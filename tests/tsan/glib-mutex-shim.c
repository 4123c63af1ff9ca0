/* glib-mutex-shim.c: GMutex and GCond on pthreads, for ThreadSanitizer runs only
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GLib on Linux implements GMutex and GCond with raw futex calls, which ThreadSanitizer cannot
 * see: every access guarded by a GMutex is then reported as a data race. build-aux/sanitizers.sh
 * preloads this library (LD_PRELOAD) into the TSan test programs, so our calls to g_mutex_* and
 * g_cond_* become pthread calls that TSan understands, as GLib itself does on platforms without
 * futexes: the pthread object is allocated on first use and kept in the GMutex's pointer.
 */
#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static pthread_mutex_t *
mutex_get (GMutex *mutex)
{
  pthread_mutex_t *m = g_atomic_pointer_get (&mutex->p);

  if (m == NULL)
    {
      pthread_mutex_t *fresh = malloc (sizeof *fresh);
      pthread_mutex_init (fresh, NULL);
      if (!g_atomic_pointer_compare_and_exchange (&mutex->p, NULL, fresh))
        {
          pthread_mutex_destroy (fresh);
          free (fresh);
        }
      m = g_atomic_pointer_get (&mutex->p);
    }
  return m;
}

void g_mutex_init (GMutex *mutex) { mutex->p = NULL; }
void g_mutex_clear (GMutex *mutex)
{
  pthread_mutex_t *m = mutex->p;
  if (m != NULL)
    {
      pthread_mutex_destroy (m);
      free (m);
    }
  mutex->p = NULL;
}
void g_mutex_lock (GMutex *mutex) { pthread_mutex_lock (mutex_get (mutex)); }
void g_mutex_unlock (GMutex *mutex) { pthread_mutex_unlock (mutex_get (mutex)); }
gboolean g_mutex_trylock (GMutex *mutex) { return pthread_mutex_trylock (mutex_get (mutex)) == 0; }

static pthread_cond_t *
cond_get (GCond *cond)
{
  pthread_cond_t *c = g_atomic_pointer_get (&cond->p);

  if (c == NULL)
    {
      pthread_cond_t *fresh = malloc (sizeof *fresh);
      pthread_condattr_t attr;

      pthread_condattr_init (&attr);
      pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);   /* g_cond_wait_until's clock */
      pthread_cond_init (fresh, &attr);
      pthread_condattr_destroy (&attr);
      if (!g_atomic_pointer_compare_and_exchange (&cond->p, NULL, fresh))
        {
          pthread_cond_destroy (fresh);
          free (fresh);
        }
      c = g_atomic_pointer_get (&cond->p);
    }
  return c;
}

void g_cond_init (GCond *cond) { cond->p = NULL; }
void g_cond_clear (GCond *cond)
{
  pthread_cond_t *c = cond->p;
  if (c != NULL)
    {
      pthread_cond_destroy (c);
      free (c);
    }
  cond->p = NULL;
}
void g_cond_signal (GCond *cond) { pthread_cond_signal (cond_get (cond)); }
void g_cond_broadcast (GCond *cond) { pthread_cond_broadcast (cond_get (cond)); }
void g_cond_wait (GCond *cond, GMutex *mutex)
{
  pthread_cond_wait (cond_get (cond), mutex_get (mutex));
}

gboolean
g_cond_wait_until (GCond *cond, GMutex *mutex, gint64 end_time)
{
  struct timespec ts = { end_time / G_USEC_PER_SEC, (end_time % G_USEC_PER_SEC) * 1000 };

  return pthread_cond_timedwait (cond_get (cond), mutex_get (mutex), &ts) == 0;
}

/* Only the test program: commands and workers it starts (a plain sh, say) must not load a
 * ThreadSanitizer library. */
__attribute__ ((constructor)) static void
forget_preload (void)
{
  unsetenv ("LD_PRELOAD");
}
