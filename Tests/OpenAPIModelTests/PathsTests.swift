import Diagnostics
import Testing

@Suite struct PathsTests {
    @Test func directoryDropsTheLastComponent() {
        #expect(Paths.directory(of: "specs/shared/a.yaml") == "specs/shared")
        #expect(Paths.directory(of: "a.yaml") == "")
        #expect(Paths.directory(of: "/a.yaml") == "/")
        #expect(Paths.directory(of: "specs/shared/") == "specs")
    }

    @Test func joinPutsOneSlashBetween() {
        #expect(Paths.join("specs", "a.yaml") == "specs/a.yaml")
        #expect(Paths.join("specs/", "a.yaml") == "specs/a.yaml")
        #expect(Paths.join("", "a.yaml") == "a.yaml")
        #expect(Paths.join("/", "a.yaml") == "/a.yaml")
    }

    @Test func lastComponentAndExtension() {
        #expect(Paths.lastComponent(of: "specs/chat-image.yaml") == "chat-image.yaml")
        #expect(Paths.lastComponent(of: "specs/") == "specs")
        #expect(Paths.removingExtension("chat-image.yaml") == "chat-image")
        #expect(Paths.removingExtension("archive.tar.gz") == "archive.tar")
        #expect(Paths.removingExtension(".hidden") == ".hidden")
        #expect(Paths.removingExtension("README") == "README")
    }
}
