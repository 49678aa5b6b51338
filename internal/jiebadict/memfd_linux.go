package jiebadict

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// memfdCreate is unix.MemfdCreate; tests replace it to see the fallback.
var memfdCreate = unix.MemfdCreate

// materializeMemFD writes the five files to memory files and returns their
// /proc/self/fd paths and a function that closes them. gojieba opens each
// path afresh, which on Linux reopens the memory file from its start.
func materializeMemFD() (paths [5]string, done func(), err error) {
	var opened []*os.File
	closeAll := func() {
		for _, f := range opened {
			f.Close()
		}
	}
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	for i, f := range files {
		fd, err := memfdCreate(f.name, unix.MFD_CLOEXEC)
		if err != nil {
			return paths, nil, fmt.Errorf("%w: memfd_create: %v", ErrMemFD, err)
		}
		mf := os.NewFile(uintptr(fd), f.name)
		opened = append(opened, mf)
		p := fmt.Sprintf("/proc/self/fd/%d", fd)
		if i == 0 {
			// Without /proc the paths name nothing.
			if _, err := os.Stat(p); err != nil {
				return paths, nil, fmt.Errorf("%w: %v", ErrMemFD, err)
			}
		}
		r, err := f.open()
		if err != nil {
			return paths, nil, fmt.Errorf("jiebadict: %s: %w", f.name, err)
		}
		_, err = io.Copy(mf, r)
		r.Close()
		if err != nil {
			return paths, nil, fmt.Errorf("jiebadict: writing %s: %w", f.name, err)
		}
		paths[i] = p
	}
	return paths, closeAll, nil
}
