// Package schema holds nianbao's output contract (schema v1): the Go types
// every document is turned into, the two official table layouts of the
// 政府信息公开工作年度报告 as data (templates 2019 and 2021: rows, columns,
// labels, arithmetic rules), the checks that turn a filled report into
// findings, and the JSON Schema that describes the output.
//
// The package imports none of nianbao's readers: a new template year is new
// data here, not new code in a reader.
//
// The JSON shape is documented for consumers in the repository README; the
// types below are its source of truth. [Report] marshals to exactly that
// shape, tables in template order.
package schema
