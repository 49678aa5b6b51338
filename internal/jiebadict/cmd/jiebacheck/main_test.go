package main

import (
	"bytes"
	"debug/buildinfo"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMovedTrimpathBinary builds this command with -trimpath, copies it to
// an empty directory and runs it there with an empty home, module cache
// and GOPATH: gojieba's own dictionary lookup would panic in that binary,
// ours must match a fuzzy label. It runs in every test run; the build is
// cached after the first.
func TestMovedTrimpathBinary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build with:", err)
	}
	buildDir := t.TempDir()
	built := filepath.Join(buildDir, "jiebacheck")
	build := exec.Command(goTool, "build", "-trimpath", "-o", built, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -trimpath: %v\n%s", err, out)
	}
	info, err := buildinfo.ReadFile(built)
	if err != nil {
		t.Fatal(err)
	}
	trimmed := false
	for _, s := range info.Settings {
		trimmed = trimmed || s.Key == "-trimpath" && s.Value == "true"
	}
	if !trimmed {
		t.Fatal("the binary was not built with -trimpath")
	}

	runDir := t.TempDir()
	moved := filepath.Join(runDir, "jiebacheck")
	copyFile(t, built, moved)
	os.RemoveAll(buildDir)

	empty := t.TempDir()
	env := []string{
		"HOME=" + filepath.Join(empty, "home"),
		"GOPATH=" + filepath.Join(empty, "gopath"),
		"GOMODCACHE=" + filepath.Join(empty, "modcache"),
		"TMPDIR=" + t.TempDir(),
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(moved, args...)
		cmd.Dir = runDir
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		t.Logf("jiebacheck %s: %s", strings.Join(args, " "), strings.TrimSpace(stdout.String()))
		if err != nil {
			t.Fatalf("jiebacheck %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
	if got, want := run(), "match 政府集中采购 score=0.833 exact=false loaded=true\n"; got != want {
		t.Errorf("jiebacheck printed %q, want %q", got, want)
	}
	got := run("住房举报投诉类申请", "信访举报投诉类申请", "重复申请", "要求提供公开出版物")
	if want := "match 信访举报投诉类申请 score=0.778 exact=false loaded=true\n"; got != want {
		t.Errorf("jiebacheck printed %q, want %q", got, want)
	}
	for _, m := range []string{"memfd", "tempdir"} {
		if got := run("-measure", "-method", m); !strings.Contains(got, " words=本年/新收/政府信息公开/申请/数量") {
			t.Errorf("jiebacheck -measure -method %s printed %q", m, got)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
