#!/usr/bin/env python3
"""An IDE's session through gdb/MI (`gdb --interpreter=mi2', as VS Code's
cpptools drives it), asserting on the MI records an IDE parses:
  target remote (loop): -gdb-set target-async on, -file-exec-and-symbols,
      -target-select remote, the attach dialog (-list-thread-groups
      --available: the host's processes, from qXfer:osdata), -break-insert,
      -exec-continue to the breakpoint, -exec-next, -stack-list-frames,
      -thread-info, -var-create / -var-update, -exec-interrupt of the running
      loop (SIGINT), -target-detach (the program runs on and ends);
  target extended-remote to --multi with no program (hello): -exec-run to a
      breakpoint, the variables' changes after -exec-next, the exit."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def frame(func, line=None):
    """The start of an MI frame tuple in FUNC (at LINE)."""
    at = rf'.*?line="{line}"' if line else ''
    return rf'frame=\{{(level="\d+",)?addr="0x[0-9a-f]+",func="{func}"{at}'


def connect(t, mi, prog, how, port):
    mi.command('-gdb-set target-async on')
    mi.command(f'-file-exec-and-symbols {t.prog(prog)}')
    mi.command(f'-target-select {how} 127.0.0.1:{port}', 'connected')


def attach_dialog(mi, pid, prog):
    """What an IDE lists to attach to: every process, ours among them."""
    groups = mi.command('-list-thread-groups --available')
    rt.check(groups.startswith(',groups=[{id="1",type="process"'),
             f'no process list: {groups[:300]}')
    rt.expect_text(rf'\{{id="{pid}",type="process",description="{re.escape(prog)}'
                   r'( [^"]*)?",user="[^"]+",cores=\["\d+"(,"\d+")*\]\}', groups,
                   'the process list')


def remote(t):
    srv = t.tcp_server('loop')
    pid = rt.expect_text(r'created; pid = (\d+)$', srv.out.text, 'server').group(1)
    mi = t.mi()
    connect(t, mi, 'loop', 'remote', srv.port)
    attach_dialog(mi, pid, t.prog('loop'))
    r = mi.command('-break-insert nap')
    rt.expect_text(r'^,bkpt=\{number="1",type="breakpoint",.*func="nap"', r, '-break-insert')
    mi.command('-exec-continue', 'running')
    mi.expect(r'^\*stopped,reason="breakpoint-hit",disp="keep",bkptno="1",' + frame('nap'))
    mi.command('-exec-next', 'running')
    mi.expect(r'^\*stopped,reason="end-stepping-range",' + frame('nap', t.line('loop.c', 'nap')))
    r = mi.command('-stack-list-frames')
    rt.expect_text(r'^,stack=\[' + frame('nap') + r'.*\},' + frame('main'), r,
                   '-stack-list-frames')
    r = mi.command('-thread-info')
    rt.expect_text(rf'^,threads=\[\{{id="1",target-id="Thread {pid}\.{pid}",.*'
                   r'state="stopped".*\],current-thread-id="1"$', r, '-thread-info')
    r = mi.command('-var-create - * keep_going')
    rt.expect_text(r'^,name="var1",numchild="0",value="1",type="volatile int"', r,
                   '-var-create')
    rt.check(mi.command('-var-update --all-values *') == ',changelist=[]',
             'keep_going changed by itself')
    mi.command('-break-delete 1')
    mi.command('-exec-continue', 'running')
    mi.command('-exec-interrupt')
    mi.expect(r'^\*stopped,reason="signal-received",signal-name="SIGINT",'
              r'signal-meaning="Interrupt",frame=')
    mi.command('-data-evaluate-expression keep_going=0')
    r = mi.command('-var-update --all-values *')
    rt.expect_text(r'^,changelist=\[\{name="var1",value="0",in_scope="true"', r,
                   '-var-update')
    mi.command('-target-detach')
    srv.expect(r'^loop done$')  # detached, it ran on and saw keep_going 0
    rt.check(srv.wait_exit() == 0, 'server exit status not 0 after detach')
    mi.command('-gdb-exit', 'exit')


def extended(t):
    srv = t.tcp_server(None, opts=['--multi'])
    mi = t.mi()
    connect(t, mi, 'hello', 'extended-remote', srv.port)
    attach_dialog(mi, srv.pid, srv.argv[0])
    mi.command(f'-gdb-set remote exec-file {t.prog("hello")}')
    mi.command('-break-insert square')
    mi.command('-exec-run', 'running')
    mi.expect(r'^\*stopped,reason="breakpoint-hit",disp="keep",bkptno="1",' + frame('square') +
              r',args=\[\{name="x",value="6"\}\]')
    r = mi.command('-stack-list-frames')
    rt.expect_text(r'^,stack=\[' + frame('square') + r'.*\},' + frame('main'), r,
                   '-stack-list-frames')
    mi.command('-var-create - * x')
    mi.command('-var-create - * y')
    mi.command('-exec-next', 'running')
    mi.expect(r'^\*stopped,reason="end-stepping-range",' +
              frame('square', t.line('hello.c', 'square-body') + 1))
    r = mi.command('-var-update --all-values *')
    rt.expect_text(r'^,changelist=\[\{name="var2",value="36",in_scope="true"', r,
                   '-var-update')
    rt.check('"var1"' not in r, f'x changed: {r}')
    mi.command('-exec-continue', 'running')
    mi.expect(r'^\*stopped,reason="exited-normally"')
    srv.expect(r'^hello 36$')
    mi.command('-gdb-exit', 'exit')


def test(t):
    remote(t)
    extended(t)


rt.main(test, __doc__)
