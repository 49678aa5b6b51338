package cli

import (
	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/schema"
)

func newCmdSchema(ios *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema (draft 2020-12) of the output",
		Long: `Schema prints the JSON Schema (draft 2020-12) that every object written by
"nianbao extract" conforms to. It is built from the same template data the
extractor uses.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			_, err := ios.Out.Write(schema.JSONSchema())
			return err
		},
	}
}
