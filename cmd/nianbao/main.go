// Command nianbao turns Chinese government information-disclosure annual
// reports (政府信息公开工作年度报告, .docx and .pdf) into checked JSON.
//
// Run "nianbao --help" for the commands and the exit statuses.
package main

import (
	"os"

	"github.com/nianbao/nianbao/internal/cli"
)

func main() {
	os.Exit(int(cli.Main()))
}
