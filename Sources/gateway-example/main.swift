// A tour of the gateway client: a chat completion, a streamed one with its usage, a tool call round trip, an
// image and a MidJourney task.
//
//     GATEWAY_BASE_URL=https://your-gateway.example GATEWAY_API_KEY=sk-... swift run gateway-example

import Foundation
import GatewayAPI
import OpenAPIAsyncHTTPClient

let environment = ProcessInfo.processInfo.environment
guard let baseURL = environment["GATEWAY_BASE_URL"].flatMap(URL.init(string:)), baseURL.host != nil,
      let apiKey = environment["GATEWAY_API_KEY"], !apiKey.isEmpty
else {
    FileHandle.standardError.write(Data("""
        Set GATEWAY_BASE_URL (the gateway's base URL, such as https://api.example.com) and GATEWAY_API_KEY \
        (your API key) to run this example.\n
        """.utf8))
    exit(1)
}

let client = Client(serverURL: baseURL, transport: AsyncHTTPClientTransport(), bearerAuth: apiKey)

/// Runs one step of the tour; an error is printed and the tour goes on.
func step(_ title: String, _ body: () async throws -> Void) async {
    print("== \(title)")
    do {
        try await body()
    } catch let error as APIError {
        print("API error: \(error)")
    } catch {
        print("Error: \(error)")
    }
    print()
}

await step("Chat completion") {
    let completion = try await client.createChatCompletion(
        model: "gpt-4o-mini", messages: [.init(role: .user, content: "Say hello in one short sentence.")])
    print(completion.choices.first?.message.content ?? "(no content)")
}

await step("Streamed chat completion, with its usage") {
    let chunks = try await client.createChatCompletionStream(
        model: "gpt-4o-mini", messages: [.init(role: .user, content: "Count from 1 to 10, words only.")],
        streamOptions: .init(includeUsage: true))
    for try await chunk in chunks {
        print(chunk.choices.compactMap(\.delta.content).joined(), terminator: "")
        fflush(nil)  // Show it now: nil flushes every output stream, stdout included.
        // The last chunk has no choices: it carries the usage of the whole request.
        if let usage = chunk.usage { print("\n(\(usage.totalTokens) tokens)", terminator: "") }
    }
    print()
}

await step("Tool call round trip") {
    let weather = ChatCompletionTool(function: .init(
        name: "get_weather", description: "The current weather in a city.",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]))
    var messages: [ChatMessage] = [.init(role: .user, content: "What is the weather in Paris right now?")]
    let first = try await client.createChatCompletion(model: "gpt-4o-mini", messages: messages, tools: [weather])
    guard let reply = first.choices.first?.message, let calls = reply.toolCalls, !calls.isEmpty else {
        print("No tool call: \(first.choices.first?.message.content ?? "(no content)")")
        return
    }
    // The assistant's calls go back into the conversation, each followed by its answer.
    messages.append(.init(role: .assistant, content: reply.content.map { .string($0) }, toolCalls: calls))
    for call in calls {
        print("The model calls \(call.function.name)(\(call.function.arguments))")
        // What a real get_weather would look up.
        messages.append(.init(role: .tool, content: #"{"temperature_c": 18, "sky": "cloudy"}"#, toolCallID: call.id))
    }
    let final = try await client.createChatCompletion(model: "gpt-4o-mini", messages: messages, tools: [weather])
    print(final.choices.first?.message.content ?? "(no content)")
}

await step("Image") {
    let images = try await client.createImage(model: "dall-e-3", prompt: "A cute baby sea otter", size: "1024x1024")
    for image in images.data {
        if let url = image.url {
            print("Image URL: \(url)")
        } else if let file = image.b64JSON {
            print("Image returned in the answer (\(file.data.count) bytes)")
        }
    }
}

await step("MidJourney imagine") {
    let submission = try await client.midjourneyImagine(prompt: "A cat wearing a red hat")
    // 1: submitted, 21: already exists, 22: queued.
    guard [1, 21, 22].contains(submission.code), let taskID = submission.result else {
        print("Not accepted (code \(submission.code)): \(submission.description)")
        return
    }
    print("Task \(taskID): \(submission.description)")
    let maxPolls = 60
    for poll in 1...maxPolls {
        try await Task.sleep(for: .seconds(5))
        let task = try await client.midjourneyFetchTask(id: taskID)
        print("[\(poll)/\(maxPolls)] \(task.status.rawValue) \(task.progress ?? "")")
        switch task.status {
        case .success:
            print("Image URL: \(task.imageURL ?? "(none)")")
            return
        case .failure, .cancel:
            print("Failed: \(task.failReason ?? "no reason given")")
            return
        default:
            continue
        }
    }
    print("Still not finished after \(maxPolls) polls; giving up.")
}
