import Diagnostics
import IntermediateModel
import OpenAPIModel

/// `x-selected-by`: a request body property whose value picks the media type of the answer (OpenAI's
/// `response_format: text` answering `text/plain` where `json` answers JSON). Each operation checks the
/// selections of its responses against its own body, as responses may be shared.
extension ModuleBuilder {
    func checkingSelections(_ responses: [ResponseModel], of operation: Operation,
                            body: RequestBodyModel?) -> [ResponseModel] {
        guard responses.contains(where: { !$0.selections.isEmpty }) else { return responses }
        var result = responses
        for (status, value) in operation.responses {
            let modelStatus = Self.modelStatus(status)
            guard let position = result.firstIndex(where: { $0.status == modelStatus }),
                  !result[position].selections.isEmpty,
                  let response = resolve(value, in: document.references.responses) else { continue }
            result[position].selections = result[position].selections.filter { selection in
                let location = response.content.indices.contains(selection.contentIndex)
                    ? response.content[selection.contentIndex].selectedBy?.location : nil
                if !result[position].isSuccess {
                    types.diagnostics.warning("'x-selected-by' applies to success responses; it is ignored here",
                                              at: location, cause: "selected-by-status")
                    return false
                }
                if let problem = problem(with: selection, body: body) {
                    types.diagnostics.warning("'x-selected-by' is ignored: \(problem.message)", at: location,
                                              cause: problem.cause)
                    return false
                }
                return true
            }
        }
        return result
    }

    static func modelStatus(_ status: ResponseStatus) -> ResponseModel.Status {
        switch status {
        case .code(let code): return .code(code)
        case .range(let digit): return .range(digit)
        case .default: return .default
        }
    }

    /// Why the body cannot carry the selection, if it cannot, and the kind of warning that says so.
    private func problem(with selection: ResponseModel.Selection, body: RequestBodyModel?) -> (message: String, cause: String)? {
        guard let properties = body?.flattenedProperties else {
            return ("the operation has no object body to carry '\(spec: selection.property)'", "selected-by-property")
        }
        guard let property = properties.first(where: { $0.wireName == selection.property }) else {
            return ("the request body has no property '\(spec: selection.property)'", "selected-by-property")
        }
        for value in selection.values where !accepts(property.type.unwrapped, value) {
            return ("\(describe(value)) is not a value of '\(spec: selection.property)'", "selected-by-value")
        }
        return nil
    }

    private func accepts(_ type: TypeUsage, _ value: Literal) -> Bool {
        switch (type, value) {
        case (.bool, .bool), (.string, .string), (.integer, .integer), (.double, .integer), (.double, .number):
            return true
        case (.named(let name), .string(let text)):
            // A type built later (nested deep) is taken on trust.
            guard let kind = types.nodesByQualifiedName[name]?.kind else { return true }
            switch kind {
            case .stringEnum(let model): return model.cases.contains { $0.value == text }
            case .alias(let target): return accepts(target, value)
            default: return false
            }
        case (.named(let name), .integer(let number)):
            guard let kind = types.nodesByQualifiedName[name]?.kind else { return true }
            guard case .integerEnum(let model) = kind else { return false }
            return model.cases.contains { $0.value == number }
        default:
            return false
        }
    }

    private func describe(_ value: Literal) -> String {
        switch value {
        case .string(let text): return "'\(spec: text)'"
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array, .object: return "a structured value"
        }
    }
}
