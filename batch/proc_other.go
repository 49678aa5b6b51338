//go:build !linux

package batch

import (
	"errors"
	"os"
	"syscall"
)

func sysProcAttr() *syscall.SysProcAttr { return nil }

func killGroup(p *os.Process) {
	if p != nil {
		_ = p.Kill()
	}
}

func killedBySIGKILL(st *os.ProcessState) bool { return false }

// The memory limit is enforced on Linux only.
func canReadRSS() bool { return false }

func readRSS(pid int) (int64, error) { return 0, errors.ErrUnsupported }

// ProtocolOutput returns the standard output (see the Linux version).
func ProtocolOutput() (*os.File, error) { return os.Stdout, nil }
