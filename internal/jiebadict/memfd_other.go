//go:build !linux

package jiebadict

func materializeMemFD() (paths [5]string, done func(), err error) {
	return paths, nil, ErrMemFD
}
