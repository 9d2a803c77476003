"""stepcases -- gdb commands shared by the stepping tests."""

# gdb python: run to the first `syscall' instruction at or after $pc
ADVANCE_SYSCALL = (
    "python f = gdb.selected_frame(); "
    "a = [i['addr'] for i in f.architecture().disassemble(f.pc(), count=40) "
    "if i['asm'].split()[0] == 'syscall'][0]; gdb.execute('advance *%d' % a)")
