"""rstubtest -- helpers for rstub's gdb integration tests.

A test file is a few lines over this module:

    import rstubtest as rt

    def test(t):
        srv = t.tcp_server('hello')
        g = t.gdb('hello', srv, ['break main', 'continue'])
        g.expect(r'Breakpoint 1, main \\(\\) at .*hello\\.c:\\d+', 'continue')

    rt.main(test, __doc__)

`t` (a Test) starts the server under test -- over TCP, stdio or a socat pty
pair -- runs `gdb-multiarch -nx -batch` sessions against it and asserts on what
gdb prints, exactly as a user sees it.  Every wait is bounded; every process
the test starts (server, gdb, socat, test programs) and everything they started
is killed by PID when the test ends, whatever happens.  Nothing sleeps: waits
are on output lines, process exits or pidfds.

The server is the first of: --server PATH, env RSTUB_SERVER, --default-server
PATH (what ctest passes: the built rstub); env RSTUB_SERVER_ARGS (shell words,
e.g. `--step=sw --spin=0', what ctest's integration_sw.* tests set) goes before its
other arguments.  Test programs are looked up in
--bindir DIR or env RSTUB_BINDIR.  Exit status: 0 pass, 1 fail, 77 skip.
"""

import argparse
import ctypes
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

# Seconds allowed for any single wait (a line, an exit, one gdb session).
WAIT = 20
# Seconds allowed for a whole test; below ctest's TIMEOUT (60) so that the test
# cleans up after itself instead of being killed with its server still alive.
WATCHDOG = 50

SKIP = 77


class Failure(Exception):
    """A test assertion failed; the message says what was expected and seen."""


class Skip(Exception):
    """The test cannot run here (missing tool); reported as ctest SKIP."""


def check(cond, msg):
    """Fail the test with MSG unless COND."""
    if not cond:
        raise Failure(msg)


def expect_text(regex, text, what):
    """Assert REGEX (re.M) is in TEXT (WHAT names it); return the match."""
    m = re.search(regex, text, re.M)
    if not m:
        raise Failure(f'/{regex}/ not in {what}:\n{_indent(text)}')
    return m


def wait_exit(proc, what, timeout=WAIT):
    """Wait for our child PROC (a Popen) to exit; return its status."""
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        raise Failure(f'{what} (pid {proc.pid}) still runs after {timeout} s') from None


def _indent(text):
    return ''.join('    | ' + line + '\n' for line in text.splitlines())


# ---------------------------------------------------------------------------
# Processes

def _children(pid):
    """PIDs whose parent is PID (scan of /proc, so it sees grandchildren too
    when called recursively)."""
    kids = []
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open(f'/proc/{name}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        # comm may hold spaces and parentheses: fields follow the last ')'.
        fields = stat[stat.rfind(')') + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            kids.append(int(name))
    return kids


def _descendants(pid):
    out = []
    for kid in _children(pid):
        out.extend(_descendants(kid))
        out.append(kid)
    return out


def _become_subreaper():
    """Have orphaned descendants reparented to this process rather than to
    init, so that cleanup() still finds them."""
    PR_SET_CHILD_SUBREAPER = 36
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print('warning: PR_SET_CHILD_SUBREAPER failed', file=sys.stderr)


def process_alive(pid):
    """True if PID exists and is neither a zombie nor dead."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rfind(')') + 2] not in 'ZXx'


def poll_until(cond, what, timeout=WAIT):
    """Poll COND() (a read of /proc: a thread's state, a counter in its
    memory) until true, for at most TIMEOUT s.  For what the kernel reports
    no event for; everything else is waited on."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise Failure(f'{what}: still not so after {timeout} s')
        time.sleep(0.002)


def wait_gone(pid, what, timeout=WAIT):
    """Wait (on a pidfd, no polling) until PID -- not necessarily our child --
    has exited; fail after TIMEOUT seconds."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        ready, _, _ = select.select([fd], [], [], timeout)
    finally:
        os.close(fd)
    check(ready or not process_alive(pid),
          f'{what} (pid {pid}) still alive after {timeout} s')


class Output:
    """Text read from a pipe by a background thread.  expect() waits for
    regexes in order, like pexpect: each search starts where the previous
    match ended."""

    def __init__(self, pipe, name):
        self.name = name
        self.text = ''
        self.pos = 0
        self.closed = False
        self._cv = threading.Condition()
        threading.Thread(target=self._pump, args=(pipe,), daemon=True).start()

    def _pump(self, pipe):
        fd = pipe.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b''
            with self._cv:
                if not data:
                    self.closed = True
                    self._cv.notify_all()
                    return
                self.text += data.decode('utf-8', 'replace')
                self._cv.notify_all()

    def expect(self, regex, timeout=WAIT):
        """Wait until REGEX (re.M) matches past the last match; return the
        match.  Fails if the pipe closes or TIMEOUT passes first."""
        rx = re.compile(regex, re.M)
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                m = rx.search(self.text, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                left = deadline - time.monotonic()
                if self.closed or left <= 0:
                    why = 'output ended' if self.closed else f'{timeout} s passed'
                    raise Failure(f'{self.name}: {why} without /{regex}/; '
                                  f'output so far:\n{_indent(self.text)}')
                self._cv.wait(left)


class Server:
    """A server process we started; its stdout and stderr (and, over TCP,
    those of the program it runs) are in .out."""

    def __init__(self, test, argv, target, stdin=subprocess.DEVNULL):
        self.argv = argv
        self.target = target  # what gdb's `target remote` takes
        self.proc = test.spawn(argv, stdin=stdin, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
        self.out = Output(self.proc.stdout, 'server')
        self.port = None

    @property
    def pid(self):
        return self.proc.pid

    def expect(self, regex, timeout=WAIT):
        return self.out.expect(regex, timeout)

    def wait_exit(self, timeout=WAIT):
        """Wait for the server to exit by itself; return its exit status."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failure(f'server did not exit within {timeout} s; output:\n'
                          f'{_indent(self.out.text)}') from None


# ---------------------------------------------------------------------------
# gdb transcripts

MARK = '@@rstubtest-cmd '


class Transcript:
    """What one batch gdb session printed (stdout and stderr, in order).
    .pre is everything before the first test command (file, target remote);
    .outs[i] is what commands[i] printed."""

    def __init__(self, commands, text, status):
        self.commands = commands
        self.text = text
        self.status = status
        parts = re.split('^' + re.escape(MARK) + r'(\d+)\n', text, flags=re.M)
        self.pre = parts[0]
        self.outs = [''] * len(commands)
        for i in range(1, len(parts) - 1, 2):
            self.outs[int(parts[i])] = parts[i + 1]

    def out(self, cmd, n=1):
        """What the Nth (from 1) run of command CMD printed."""
        seen = 0
        for i, c in enumerate(self.commands):
            if c == cmd:
                seen += 1
                if seen == n:
                    return self.outs[i]
        raise Failure(f'test bug: command {cmd!r} #{n} was not run')

    def expect(self, regex, cmd=None, n=1):
        """Assert REGEX (re.M) is in what command CMD (Nth run) printed, or
        anywhere in the session if CMD is None; return the match."""
        where = self.text if cmd is None else self.out(cmd, n)
        m = re.search(regex, where, re.M)
        if not m:
            label = 'the gdb session' if cmd is None else f'output of {cmd!r}'
            raise Failure(f'/{regex}/ not in {label}:\n{_indent(where)}\n'
                          f'whole session:\n{_indent(self.text)}')
        return m

    def reject(self, regex, cmd=None, n=1):
        """Assert REGEX is NOT in what CMD printed (or the whole session)."""
        where = self.text if cmd is None else self.out(cmd, n)
        m = re.search(regex, where, re.M)
        label = 'the gdb session' if cmd is None else f'output of {cmd!r}'
        check(not m, f'/{regex}/ unexpectedly in {label}:\n{_indent(where)}')


class _PexpectProc:
    """A pexpect child seen through the Popen methods cleanup() uses."""

    def __init__(self, child):
        self.child = child
        self.pid = child.pid

    def poll(self):
        return None if self.child.isalive() else self.child.exitstatus

    def wait(self, timeout):
        # After SIGKILL: reap it; close() does not block on a dead child.
        self.child.close(force=True)


class Interactive:
    """gdb under pexpect.  expect() waits for a regex in gdb's output (in
    order, bounded); the whole transcript is in .log for failure messages."""

    PROMPT = r'\(gdb\) $'

    def __init__(self, child, pexpect, verbose):
        self.child = child
        self._pexpect = pexpect
        self.log = _Tee(verbose)
        child.logfile_read = self.log

    def send(self, line):
        self.child.sendline(line)

    def interrupt(self):
        """Type Ctrl-C at gdb's terminal."""
        self.child.sendcontrol('c')

    def expect(self, regex, timeout=WAIT):
        try:
            self.child.expect(re.compile(regex, re.M), timeout=timeout)
        except self._pexpect.TIMEOUT:
            raise Failure(f'gdb: no /{regex}/ within {timeout} s; session:\n'
                          f'{_indent(self.log.text)}') from None
        except self._pexpect.EOF:
            raise Failure(f'gdb exited before /{regex}/; session:\n'
                          f'{_indent(self.log.text)}') from None
        return self.child.match

    def prompt(self):
        """Wait for the `(gdb) ` prompt; return what was printed before."""
        self.expect(self.PROMPT)
        return self.child.before

    def command(self, line, timeout=WAIT):
        """Run LINE, wait for the next prompt, return its output."""
        self.send(line)
        self.expect(re.escape(line) + r'\r?\n', timeout)
        self.expect(self.PROMPT, timeout)
        return self.child.before.replace('\r\n', '\n')


class _Tee:
    """File-like sink for pexpect's logfile_read: keeps the text, echoes it
    with -v."""

    def __init__(self, verbose):
        self.text = ''
        self.verbose = verbose

    def write(self, data):
        self.text += data
        if self.verbose:
            sys.stdout.write(data)

    def flush(self):
        if self.verbose:
            sys.stdout.flush()


class MI:
    """gdb --interpreter=mi2 on pipes, driven as an IDE drives it.
    command() sends one MI command under a fresh token and waits for its
    result record; expect() waits for later output (`*stopped,...'), in
    order, as Output.expect does.  The whole transcript is in .out.text."""

    def __init__(self, proc, verbose):
        self.proc = proc
        self.out = Output(proc.stdout, 'gdb/mi')
        self.verbose = verbose
        self.token = 0

    def command(self, cmd, result='done', timeout=WAIT):
        """Send CMD; wait for `TOKEN^RESULT...' (RESULT a regex: done,
        running, connected, error, exit); return its text after the class
        (`,bkpt={...}'), with .before holding what came since CMD was sent."""
        self.token += 1
        start = len(self.out.text)
        if self.verbose:
            print(f'mi> {self.token}{cmd}', flush=True)
        self.proc.stdin.write(f'{self.token}{cmd}\n'.encode())
        self.proc.stdin.flush()
        m = self.out.expect(rf'^{self.token}\^(\w+)(.*?)\r?\n', timeout)
        check(re.fullmatch(result, m.group(1)),
              f'{cmd}: ^{m.group(1)}{m.group(2)}, expected ^{result}; '
              f'output:\n{_indent(self.out.text[start:])}')
        return _MIResult(m.group(2), self.out.text[start:m.start()])

    def expect(self, regex, timeout=WAIT):
        return self.out.expect(regex, timeout)


class _MIResult(str):
    """A result record's text, with .before (what preceded it)."""

    def __new__(cls, text, before):
        r = super().__new__(cls, text)
        r.before = before
        return r


# ---------------------------------------------------------------------------
# The test context

def free_port():
    """A TCP port that was free a moment ago (bind to port 0, close).  Racy by
    nature: callers retry on "Address already in use"."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Test:
    def __init__(self, args):
        self.server = args.server or os.environ.get('RSTUB_SERVER') \
            or args.default_server
        # what starts the server: the program and RSTUB_SERVER_ARGS
        self.server_cmd = [self.server,
                           *shlex.split(os.environ.get('RSTUB_SERVER_ARGS', ''))]
        self.bindir = args.bindir or os.environ.get('RSTUB_BINDIR')
        self.gdb_path = args.gdb or os.environ.get('RSTUB_GDB') or 'gdb-multiarch'
        self.srcdir = os.path.dirname(os.path.abspath(sys.argv[0]))
        self.verbose = args.verbose
        self._procs = []
        _become_subreaper()
        self._tmp = tempfile.TemporaryDirectory(prefix='rstubtest-')
        self.tmpdir = self._tmp.name
        if not self.server:
            raise Failure('no server: give --server PATH or set RSTUB_SERVER')
        if not self.bindir:
            raise Failure('no test programs: give --bindir DIR or set RSTUB_BINDIR')
        check(os.access(self.server, os.X_OK), f'server {self.server} is not executable')
        if not shutil.which(self.gdb_path):
            raise Skip(f'{self.gdb_path} not found')

    # -- processes ----------------------------------------------------------

    def spawn(self, argv, **kw):
        """Popen ARGV and remember it, so cleanup() kills it by PID."""
        if self.verbose:
            print('+ ' + shlex.join(argv), flush=True)
        p = subprocess.Popen(argv, **kw)
        self._procs.append(p)
        return p

    def cleanup(self):
        """Kill, by PID, every process we started that still runs, and all
        of their descendants, newest first."""
        for p in reversed(self._procs):
            if p.poll() is not None:
                continue
            for pid in _descendants(p.pid) + [p.pid]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                print(f'warning: pid {p.pid} survived SIGKILL', file=sys.stderr)
        # Orphans (a stdio server whose gdb is gone, a program its server
        # left behind) were reparented to us, the subreaper: end them too.
        known = {p.pid for p in self._procs}
        for pid in _descendants(os.getpid()):
            if pid in known:
                continue
            if process_alive(pid):
                print(f'note: killing leftover pid {pid}', file=sys.stderr)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self._tmp.cleanup()

    def prog(self, name):
        """Absolute path of the built test program NAME."""
        path = os.path.join(self.bindir, name)
        check(os.access(path, os.X_OK), f'test program {path} not built')
        return os.path.abspath(path)

    def line(self, source, tag):
        """Line number of the line of programs/SOURCE holding `/* @TAG */`."""
        with open(os.path.join(self.srcdir, 'programs', source)) as f:
            for n, text in enumerate(f, 1):
                if f'/* @{tag} */' in text:
                    return n
        raise Failure(f'test bug: no /* @{tag} */ in {source}')

    def script(self, name, text):
        """Write TEXT to NAME in the test's temporary directory (for gdb's
        `source`, e.g. breakpoint `commands` blocks); return its path."""
        path = os.path.join(self.tmpdir, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def start_program(self, name, *args):
        """Start a test program ourselves (for --attach); its output is in
        the returned Server-like object's .out."""
        p = self.spawn([self.prog(name), *args], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        p.out = Output(p.stdout, name)
        return p

    def known_gdbserver_bug(self, what):
        """Skip the test when the server is GNU gdbserver, which is known to
        fail it (WHAT says how), unless env RSTUB_RUN_KNOWN_FAILURES is set.
        Only for genuine gdbserver defects, never for rstub."""
        if os.environ.get('RSTUB_RUN_KNOWN_FAILURES'):
            return
        try:
            version = subprocess.run([self.server, '--version'], timeout=WAIT,
                                     stdin=subprocess.DEVNULL,
                                     capture_output=True, text=True).stdout
        except (OSError, subprocess.TimeoutExpired):
            return
        if version.startswith('GNU gdbserver'):
            raise Skip(f'known GNU gdbserver bug: {what} '
                       '(set RSTUB_RUN_KNOWN_FAILURES=1 to run anyway)')

    def probe(self):
        """What the server found this host's debug hardware does, as
        `SERVER --probe` prints it (with RSTUB_SERVER_ARGS, so that
        --assume-broken counts): a dict with 'hbreak' and 'watch', each
        'traps' or 'fallback', and 'oversteps', the set of instructions a
        kernel single-step runs past. A server without --probe (GNU
        gdbserver) trusts the hardware: 'traps', no oversteps, 'rstub'
        False. 'text' is what --probe printed. The choice is printed, so a
        log shows what was expected."""
        if getattr(self, '_probe', None) is None:
            try:
                r = subprocess.run([*self.server_cmd, '--probe'], timeout=WAIT,
                                   stdin=subprocess.DEVNULL, capture_output=True,
                                   text=True)
                out = r.stdout if r.returncode == 0 else ''
            except (OSError, subprocess.TimeoutExpired):
                out = ''
            hw = dict(re.findall(r'^hardware (breakpoint|watchpoint): (\w+)', out, re.M))
            self._probe = {
                'text': out,
                'rstub': bool(hw),
                'hbreak': 'traps' if hw.get('breakpoint', 'traps') == 'traps'
                          else 'fallback',
                'watch': 'traps' if hw.get('watchpoint', 'traps') == 'traps'
                         else 'fallback',
                'oversteps': set(re.findall(
                    r'^single-step over (\w+): one instruction too far', out, re.M)),
            }
            print('probe: %s' % ('; '.join(f'{k} {v}' for k, v in
                                           sorted(self._probe.items())
                                           if k != 'text') if hw
                                 else 'server has no --probe: hardware trusted'),
                  flush=True)
        return self._probe

    # -- servers ------------------------------------------------------------

    def tcp_server(self, prog, *args, opts=(), host='127.0.0.1'):
        """Start SERVER [OPTS] HOST:PORT PROG ARGS on a free port; wait for
        `Listening on port PORT`.  PROG is a test program name, or with
        opts=['--attach'] a PID, or None for none (--multi).  HOST '' gives
        the `:PORT` form."""
        tail = ([] if prog is None else [str(prog)] if '--attach' in opts
                else [self.prog(prog)])
        for _ in range(5):
            port = free_port()
            srv = Server(self, [*self.server_cmd, *opts, f'{host}:{port}', *tail,
                                *args], f'127.0.0.1:{port}')
            m = srv.expect(r"^Listening on port (\d+)$|Can't bind address: "
                           r"Address already in use")
            if m.group(1):
                check(int(m.group(1)) == port,
                      f'server says port {m.group(1)}, asked for {port}')
                srv.port = port
                return srv
            srv.wait_exit()
        raise Failure('no free port after 5 tries')

    def stdio_target(self, prog, *args):
        """The `target remote` argument that has gdb run the server over a
        pipe: `| SERVER - PROG ARGS`."""
        return '| ' + shlex.join([*self.server_cmd, '-', self.prog(prog), *args])

    def serial_server(self, prog, *args, opts=()):
        """Make a pty pair with socat, start SERVER [OPTS] /dev/pts/Y PROG
        ARGS on one end; .target is the other end, for gdb."""
        if not shutil.which('socat'):
            raise Skip('socat not found')
        socat = self.spawn(['socat', '-d', '-d', 'pty,raw,echo=0',
                            'pty,raw,echo=0'], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        log = Output(socat.stderr, 'socat')
        ptys = [log.expect(r'PTY is (/dev/\S+)').group(1) for _ in range(2)]
        log.expect(r'starting data transfer loop')
        srv = Server(self, [*self.server_cmd, *opts, ptys[0], self.prog(prog), *args],
                     ptys[1])
        srv.expect(r'^Remote debugging using ' + re.escape(ptys[0]) + '$')
        return srv

    # -- gdb ----------------------------------------------------------------

    def _gdb_argv(self, prog, target, sysroot, extra):
        if isinstance(target, Server):
            target = target.target
        argv = [self.gdb_path, '-nx', '-q', *extra,
                '-iex', 'set debuginfod enabled off',
                '-iex', 'set style enabled off',
                '-iex', 'set pagination off', '-iex', 'set width 0',
                '-iex', 'set height 0', '-iex', 'set confirm off',
                # gdb gives up on a reply after 2 s and goes on with the
                # next packet, out of step; a loaded CI machine running
                # sanitizer builds (a stub started over stdio) can take that
                '-iex', f'set remotetimeout {WAIT // 2}']
        if sysroot is not None:
            argv += ['-iex', f'set sysroot {sysroot}']
        if prog is not None:
            argv += ['-ex', f'file {self.prog(prog)}']
        if target is not None:
            argv += ['-ex', f'target remote {target}']
        return argv

    def interactive_gdb(self, prog, target, sysroot='/'):
        """gdb on a pty under pexpect (for Ctrl-C and other interaction):
        `file PROG`, `target remote TARGET`, up to the first prompt."""
        return self.interactive_tool(self._gdb_argv(prog, target, sysroot, []))

    def interactive_tool(self, argv, prompt=None):
        """A debugger on a pty under pexpect: ARGV, up to its first PROMPT
        (a regex; gdb's by default); command() and prompt() then wait for it."""
        try:
            import pexpect
        except ImportError:
            raise Skip('python3-pexpect not installed') from None
        if self.verbose:
            print('+ ' + shlex.join(argv), flush=True)
        env = dict(os.environ, TERM='dumb')
        child = pexpect.spawn(argv[0], argv[1:], env=env, encoding='utf-8',
                              codec_errors='replace', timeout=WAIT)
        self._procs.append(_PexpectProc(child))
        tool = Interactive(child, pexpect, self.verbose)
        if prompt:
            tool.PROMPT = prompt
        tool.prompt()
        return tool

    def gdb(self, prog, target, commands, timeout=WAIT, sysroot='/'):
        """Run one batch gdb session: `file PROG`, `target remote TARGET`
        (a Server or a string), then COMMANDS.  Returns a Transcript.  PROG
        None skips `file`.  sysroot None keeps gdb's default (target:)."""
        argv = self._gdb_argv(prog, target, sysroot, ['-batch'])
        for i, cmd in enumerate(commands):
            argv += ['-ex', f'echo \\n{MARK}{i}\\n', '-ex', cmd]
        # A file, not a pipe: what gdb's children still write after gdb has
        # exited must not keep us waiting for EOF.
        with tempfile.TemporaryFile(dir=self.tmpdir) as log:
            p = self.spawn(argv, stdin=subprocess.DEVNULL, stdout=log,
                           stderr=subprocess.STDOUT)
            try:
                status = p.wait(timeout)
            except subprocess.TimeoutExpired:
                status = None
            log.seek(0)
            text = log.read().decode('utf-8', 'replace')
        if self.verbose:
            print(text, flush=True)
        check(status is not None,
              f'gdb session timed out after {timeout} s:\n{_indent(text)}')
        return Transcript(list(commands), text, status)

    def mi(self, sysroot='/'):
        """gdb-multiarch --interpreter=mi2 on pipes (an IDE's view), with
        the settings of gdb() and no program or target: the test sends
        -file-exec-and-symbols and -target-select itself.  Returns an MI."""
        argv = self._gdb_argv(None, None, sysroot, ['--interpreter=mi2'])
        p = self.spawn(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
        return MI(p, self.verbose)


# ---------------------------------------------------------------------------

def _alarm(signum, frame):
    raise Failure(f'watchdog: test took more than {WATCHDOG} s')


def main(test, doc=None):
    """Parse the command line, run TEST(t), report, clean up, exit."""
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument('--server', help='server to test (beats env RSTUB_SERVER)')
    ap.add_argument('--default-server', help='server if neither --server nor '
                    'RSTUB_SERVER is given (ctest passes the built rstub)')
    ap.add_argument('--bindir', help='directory of the built test programs '
                    '(or env RSTUB_BINDIR)')
    ap.add_argument('--gdb', help='gdb to use (default gdb-multiarch)')
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='show commands run and gdb transcripts')
    args = ap.parse_args()
    name = os.path.basename(sys.argv[0])
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(WATCHDOG)
    t = None
    status = 1
    try:
        t = Test(args)
        print(f'{name}: server {t.server}', flush=True)
        test(t)
        status = 0
    except Skip as e:
        print(f'SKIP {name}: {e}', flush=True)
        status = SKIP
    except Failure as e:
        print(f'FAIL {name}: {e}', flush=True)
    except Exception:
        print(f'FAIL {name}: unexpected exception', flush=True)
        traceback.print_exc()
    finally:
        signal.alarm(0)
        if t is not None:
            t.cleanup()
    if status == 0:
        print(f'PASS {name}', flush=True)
    sys.exit(status)
