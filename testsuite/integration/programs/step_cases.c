/* step_cases MODE: small programs for stepping tests.
 *   call    caller() calls callee(); exit code 4
 *   signal  sends itself SIGUSR1 (kill), whose handler sets `handled';
 *           prints `handled 1' and exits 0
 *   exit    exit_group(7) from do_exit()
 *   thread  a thread ends with syscall(SYS_exit); main joins it, then makes
 *           a syscall() of its own (the same code), prints `main ok', exit 5
 *   block   prints `blocking', then pause() forever (until killed)
 *   fork    forks with syscall(SYS_fork); the child runs child_part() and
 *           exits 3; the parent prints `child exited 3' (or how it died) */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int handled;
volatile int value;

void callee(void)
{
	value += 3; /* @callee */
}

void caller(void)
{
	value = 1; /* @caller */
	callee();
}

static void on_usr1(int sig)
{
	handled = sig == SIGUSR1;
}

void send_self(void)
{
	kill(getpid(), SIGUSR1); /* @send */
}

/* exit_group(7) by hand: one known `syscall' instruction (x86-64) */
void do_exit(void)
{
	__asm__ volatile("mov $231, %%eax\n\tmov $7, %%edi\n\tsyscall" ::: "rax", "rdi",
	                 "rcx", "r11", "memory");
}

void *thread_end(void *arg)
{
	(void)arg;
	syscall(SYS_exit, 0); /* @thread-end */
	return NULL;
}

void child_part(void)
{
	value = 3; /* @child */
}

static int fork_child(void)
{
	int status;
	pid_t pid = syscall(SYS_fork);

	if (pid == 0) {
		child_part();
		_exit(value);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	if (WIFEXITED(status))
		printf("child exited %d\n", WEXITSTATUS(status));
	else
		printf("child killed by signal %d\n", WTERMSIG(status));
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	pthread_t t;

	if (!strcmp(mode, "call")) {
		caller();
		return value;
	}
	if (!strcmp(mode, "signal")) {
		signal(SIGUSR1, on_usr1);
		send_self();
		printf("handled %d\n", handled);
		return 0;
	}
	if (!strcmp(mode, "exit"))
		do_exit();
	if (!strcmp(mode, "thread")) {
		pthread_create(&t, NULL, thread_end, NULL);
		pthread_join(t, NULL);
		printf("main ok %ld\n", syscall(SYS_getpid) > 0 ? 1L : 0L);
		return 5;
	}
	if (!strcmp(mode, "fork"))
		return fork_child();
	if (!strcmp(mode, "block")) {
		printf("blocking\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	return 2;
}
