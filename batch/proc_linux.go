//go:build linux

package batch

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// sysProcAttr puts a worker in its own process group, so that a Ctrl-C on
// the terminal reaches only the parent (which stops the workers itself),
// and has the kernel kill it if the parent dies.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// killGroup kills a worker and anything it started.
func killGroup(p *os.Process) {
	if p == nil {
		return
	}
	_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
	_ = p.Kill()
}

func killedBySIGKILL(st *os.ProcessState) bool {
	if st == nil {
		return false
	}
	ws, ok := st.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

func canReadRSS() bool { return true }

var pageSize = int64(os.Getpagesize())

// readRSS returns the resident memory of a process from /proc/PID/statm:
// Go heap, C and C++ heap (the jieba dictionary), stacks and mapped files.
func readRSS(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0, err
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0, fmt.Errorf("batch: unexpected statm %q", b)
	}
	pages, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil {
		return 0, err
	}
	return pages * pageSize, nil
}

// ProtocolOutput prepares a worker process's standard output for the
// protocol: it returns a new descriptor for the original standard output
// and points descriptor 1 at standard error, so that stray writes to
// standard output (by Go code or by C++ libraries) cannot corrupt the
// protocol stream.
func ProtocolOutput() (*os.File, error) {
	fd, err := unix.Dup(1)
	if err != nil {
		return nil, fmt.Errorf("batch: worker output: %w", err)
	}
	unix.CloseOnExec(fd)
	if err := unix.Dup3(2, 1, 0); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("batch: worker output: %w", err)
	}
	return os.NewFile(uintptr(fd), "protocol"), nil
}
