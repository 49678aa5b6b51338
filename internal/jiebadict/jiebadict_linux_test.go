package jiebadict

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestFallback makes memfd_create fail, as a seccomp filter or an old
// kernel would: MemFD reports ErrMemFD and Auto loads through a temporary
// directory, which it removes.
func TestFallback(t *testing.T) {
	saved := memfdCreate
	memfdCreate = func(string, int) (int, error) { return -1, unix.ENOSYS }
	t.Cleanup(func() { memfdCreate = saved })
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)

	if j, err := Load(MemFD); !errors.Is(err, ErrMemFD) {
		if j != nil {
			j.Free()
		}
		t.Fatalf("Load(MemFD) = %v, want ErrMemFD", err)
	}
	j, err := Load(Auto)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Free()
	if got := strings.Join(j.Cut("信访举报投诉类申请", true), "/"); got != "信访/举报/投诉/类/申请" {
		t.Errorf("Cut = %s", got)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left behind in TMPDIR: %v", left)
	}
}

// TestMemFDClosed checks that the memory files are closed after loading.
func TestMemFDClosed(t *testing.T) {
	before := openFDs(t)
	j, err := Load(MemFD)
	if err != nil {
		t.Skip(err)
	}
	defer j.Free()
	if after := openFDs(t); after > before {
		t.Errorf("%d file descriptors open after Load(MemFD), %d before", after, before)
	}
}

func openFDs(t *testing.T) int {
	t.Helper()
	e, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip(err)
	}
	return len(e)
}
