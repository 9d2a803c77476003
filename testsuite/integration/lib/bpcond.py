"""bpcond -- shared steps of the target-side breakpoint condition tests
(test_bpcond_*.py, program condbp.c)."""
import re
import struct

import rstubtest as rt

TARGET_EVAL = ['set breakpoint condition-evaluation target',
               'show breakpoint condition-evaluation']


def check_target_eval(g):
    """gdb says conditions are evaluated by the target (it falls back to
    host evaluation, silently, when the stub lacks ConditionalBreakpoints)."""
    g.expect(r'Breakpoint condition evaluation mode is target\.',
             'show breakpoint condition-evaluation')


def hit_script(t, name, conditions):
    """A gdb script: one breakpoint at f per condition, each printing
    `hit N i=I` silently and continuing."""
    text = ''
    for n, cond in enumerate(conditions, 1):
        text += (f'break f if {cond}\ncommands\n  silent\n'
                 f'  printf "hit {n} i=%d\\n", i\n  continue\nend\n')
    return t.script(name, text)


def hits(g):
    """[(breakpoint number, i)] in the order gdb printed them."""
    return [(int(n), int(i)) for n, i in re.findall(r'^hit (\d+) i=(\d+)$', g.text, re.M)]


def f_address(g):
    return int(g.expect(r'Breakpoint 1 at (0x[0-9a-f]+): file').group(1), 16)


def stop_replies_at(srv_text, addr):
    """Stop replies (`-> $T..`) the server sent with the PC (x86-64 register
    0x10) at addr: breakpoint stops gdb heard of."""
    pc = struct.pack('<Q', addr).hex()
    return len(re.findall(r'-> \$T[0-9a-f]{2}(?:[^\n]*;)?10:' + pc, srv_text))


def conditional_z0_sent(srv_text, addr):
    """gdb really sent the condition to the target: a Z0 at addr with
    `;X` bytecode."""
    return re.search(rf'<- \$Z0,{addr:x},1;X[0-9a-f]+,', srv_text) is not None


def run_to_exit(t, srv, prog, script, extra=(), timeout=rt.WAIT):
    g = t.gdb(prog, srv, [*TARGET_EVAL, *extra, f'source {script}', 'continue'],
              timeout=timeout)
    check_target_eval(g)
    g.expect(r'\[Inferior 1 \(process \d+\) exited normally\]', 'continue')
    g.reject(r'SIGTRAP')
    srv.expect(r'condbp done: 20000 calls')
    return g
