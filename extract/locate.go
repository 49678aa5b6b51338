package extract

import (
	"log/slog"

	"github.com/nianbao/nianbao/extract/layout"
	"github.com/nianbao/nianbao/schema"
)

func locate(rep *schema.Report, doc *layout.Document, log *slog.Logger) {}
