package server

import "testing"

// tinyDOCX is the smallest Word package the reader takes for a report: a
// title and one section heading, no tables (the check then reports the
// missing tables). It keeps the load test about the server, not the
// extractor.
func tinyDOCX(t testing.TB) []byte {
	t.Helper()
	const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	return zipOf(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document ` + w + `><w:body>` +
			`<w:p><w:r><w:t>某某县2023年政府信息公开工作年度报告</w:t></w:r></w:p>` +
			`<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>` +
			`<w:p><w:r><w:t>本年度共收到政府信息公开申请3件。</w:t></w:r></w:p>` +
			`</w:body></w:document>`,
	})
}
