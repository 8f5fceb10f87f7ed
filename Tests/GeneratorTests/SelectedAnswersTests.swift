import Diagnostics
import Foundation
import GeneratorKit
import Testing

/// `x-selected-by`: a body property that picks the answer's media type gives each answer a method of its own, and
/// a selection that cannot hold is a located warning rather than a method that cannot work.
@Suite struct SelectedAnswersTests {
    private let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/selected-answers.yaml").path

    @Test func selectionsThatCannotHoldAreLocatedWarnings() throws {
        let output = try Generator.generate(specPath: fixture, moduleName: "SelectedAnswers", displayPath: "selected-answers.yaml")
        let spec = fixture
        #expect(output.warnings.map(\.description) == [
            "\(spec):85:30: warning: 'x-selected-by' must map one request body property to the values that select this media type, such as {response_format: [text, srt]}; it is ignored",
            "\(spec):70:30: warning: 'x-selected-by' is ignored: the request body has no property 'missing'",
            "\(spec):73:30: warning: 'x-selected-by' is ignored: 'xml' is not a value of 'format'",
            "\(spec):79:30: warning: 'x-selected-by' applies to success responses; it is ignored here",
        ])
    }

    @Test func eachSelectedAnswerHasAMethod() throws {
        let output = try Generator.generate(specPath: fixture, moduleName: "SelectedAnswers", displayPath: "selected-answers.yaml")
        let operations = try #require(output.files.first { $0.name == "Operations.swift" }?.contents)
        let methods = operations.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "public func ") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "(" })
        }
        #expect(Set(methods) == ["createReport", "createReportStream", "createReportText", "createReportBinary",
                                 "createReportOutput", "createExport", "createExportText", "makeMistakes",
                                 "makeMistakesOutput"])
    }
}
