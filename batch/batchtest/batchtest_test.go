package batchtest_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNotShipped: the nianbao command does not depend on this package, so
// the binary has no way to act out a test file's fault.
func TestNotShipped(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/nianbao/nianbao/cmd/nianbao").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	found := false
	for _, d := range deps {
		switch d {
		case "github.com/nianbao/nianbao/batch/batchtest":
			t.Errorf("the nianbao command depends on %s", d)
		case "github.com/nianbao/nianbao/batch":
			found = true
		}
	}
	if !found {
		t.Errorf("go list found no batch among %d packages: the check looks at the wrong command", len(deps))
	}
}
