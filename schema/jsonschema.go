package schema

import (
	"encoding/json"
	"sort"
)

// JSONSchemaID is the $id of the output's JSON Schema.
const JSONSchemaID = "urn:nianbao:schema:v1"

// Formats lists the values of source.format.
var Formats = []string{"docx", "pdf", "doc", "wps", "html"}

// Kinds lists the section kinds.
var Kinds = []Kind{KindOverview, KindActive, KindRequests, KindAppeals, KindProblems, KindOtherMatters, KindUnknown}

// Codes lists the finding codes.
var Codes = []Code{CodeBlankCell, CodeInvalidCell, CodeZeroMark, CodeSumMismatch, CodeMissingTable,
	CodeMissingSection, CodeLabelVariant, CodeTemplateMismatch, CodeUnreadable, CodeNarrativeMismatch,
	CodeCrossYearMismatch}

// Rules lists the arithmetic rules.
var Rules = []string{RuleRequestsBalance, RuleRequestsResultsTotal, RuleRequestsColumnTotal, RuleAppealsTotal}

type obj = map[string]any

func nullable(t obj) obj {
	return obj{"anyOf": []any{t, obj{"type": "null"}}}
}

func enum[T ~string](vals []T) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

func valueSchema(k ValueKind) obj {
	switch k {
	case Signed:
		return obj{"type": []any{"integer", "null"}}
	case Amount:
		return obj{"type": []any{"number", "null"}, "minimum": 0}
	}
	return obj{"type": []any{"integer", "null"}, "minimum": 0}
}

// tableSchema describes one table: its rows (any template's), each with the
// columns it has in some template. Which rows and columns appear depends
// on the document's layout, so none is required.
func tableSchema(td *TableDef) obj {
	rows := obj{}
	for _, rd := range td.Rows {
		cols := obj{}
		var names []any
		for _, c := range td.AllColumns(rd.Key) {
			s := valueSchema(c.Kind)
			s["description"] = c.Label
			cols[c.Key] = s
			names = append(names, c.Key)
		}
		rows[rd.Key] = obj{
			"type": "object", "description": rd.Ordinal + rd.Label,
			"properties": cols, "additionalProperties": false, "minProperties": 1,
		}
	}
	return obj{"type": "object", "description": td.Title, "properties": rows, "additionalProperties": false}
}

// JSONSchema returns the JSON Schema (draft 2020-12) of one output object.
// It is built from the same template data the extractor uses, so row and
// column keys cannot drift from the code.
func JSONSchema() []byte {
	tables := obj{}
	var tableKeys []string
	for _, td := range TableDefs {
		tables[td.Key] = tableSchema(td)
		tableKeys = append(tableKeys, td.Key)
	}
	sort.Strings(tableKeys)
	str := obj{"type": "string"}
	s := obj{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  JSONSchemaID,
		"title":                "nianbao report (" + Version + ")",
		"description":          "One 政府信息公开工作年度报告 turned into checked data: one object per document.",
		"type":                 "object",
		"required":             []any{"schema", "source", "report", "sections", "tables", "findings"},
		"additionalProperties": false,
		"properties": obj{
			"schema": obj{"const": Version},
			"source": obj{
				"type": "object", "required": []any{"file", "format", "sha256", "bytes", "pages"},
				"additionalProperties": false,
				"properties": obj{
					"file":   str,
					"format": obj{"enum": append(enum(Formats), "")},
					"sha256": obj{"type": "string", "pattern": "^([0-9a-f]{64})?$"},
					"bytes":  obj{"type": "integer", "minimum": 0},
					"pages":  obj{"type": []any{"integer", "null"}, "minimum": 0},
				},
			},
			"report": obj{
				"type": "object", "required": []any{"title", "organ", "year", "template"},
				"additionalProperties": false,
				"properties": obj{
					"title":    nullable(str),
					"organ":    nullable(str),
					"year":     obj{"type": []any{"integer", "null"}, "minimum": 1990, "maximum": 2100},
					"template": obj{"enum": []any{Template2019, Template2021, nil}},
				},
			},
			"sections": obj{
				"type": "array",
				"items": obj{
					"type": "object", "required": []any{"number", "heading", "kind", "text", "page"},
					"additionalProperties": false,
					"properties": obj{
						"number":  str,
						"heading": str,
						"kind":    obj{"enum": enum(Kinds)},
						"text":    str,
						"page":    obj{"type": []any{"integer", "null"}, "minimum": 1},
					},
				},
			},
			"tables": obj{"type": "object", "properties": tables, "additionalProperties": false},
			"findings": obj{
				"type": "array",
				"items": obj{
					"type": "object", "required": []any{"code", "severity", "message"},
					"additionalProperties": false,
					"properties": obj{
						"code":     obj{"enum": enum(Codes)},
						"severity": obj{"enum": []any{"error", "warning", "info"}},
						"table":    obj{"enum": enum(tableKeys)},
						"row":      str,
						"column":   str,
						"rule":     obj{"enum": enum(Rules)},
						"expected": obj{"type": "number"},
						"actual":   obj{"type": "number"},
						"page":     obj{"type": "integer", "minimum": 1},
						"text":     str,
						"message":  obj{"type": "string", "minLength": 1},
					},
				},
			},
			"provenance": obj{
				"type":          "object",
				"propertyNames": obj{"pattern": "^(active|requests|appeals)\\.[a-z_]+\\.[a-z_]+$"},
				"additionalProperties": obj{
					"type": "object", "required": []any{"text"}, "additionalProperties": false,
					"properties": obj{
						"page": obj{"type": "integer", "minimum": 1},
						"text": str,
						"bbox": obj{"type": "array", "items": obj{"type": "number"}, "minItems": 4, "maxItems": 4},
					},
				},
			},
		},
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // the schema is built from constants
	}
	return append(b, '\n')
}
