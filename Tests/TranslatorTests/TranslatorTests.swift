import Diagnostics
import IntermediateModel
import OpenAPIModel
import Testing
import Translator

private let mainPath = "/specs/main.yaml"

private struct MissingFile: Error {}

private func loadDocument(_ files: [String: String]) throws(DiagnosticsError) -> Document {
    let loader = DocumentLoader(readFile: { path in
        guard let text = files[path] else { throw MissingFile() }
        return Array(text.utf8)
    })
    return try loader.load(path: mainPath).document
}

/// Loads and translates a spec given as `/specs/main.yaml` (plus any other files it references).
private func translate(_ main: String, files: [String: String] = [:]) throws(DiagnosticsError) -> ClientModule {
    var all = files
    all[mainPath] = main
    let document = try loadDocument(all)
    return try Translator.translate(document, moduleName: "TestAPI", specPath: mainPath).module
}

/// A spec with only component schemas, written under `components.schemas` at an indentation of four.
private func schemas(_ body: String, version: String = "3.1.0") -> String {
    let indented = body.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    return """
    openapi: \(version)
    info: {title: T, version: "1"}
    paths: {}
    components:
      schemas:
    \(indented)
    """
}

private func declaration(_ module: ClientModule, _ name: String) throws -> TypeDeclaration {
    try #require(module.types.first { $0.name == name }, "no type named \(name) in \(module.types.map(\.name))")
}

private func nested(_ declaration: TypeDeclaration, _ name: String) throws -> TypeDeclaration {
    try #require(declaration.nested.first { $0.name == name }, "no \(name) in \(declaration.name)")
}

private func properties(_ declaration: TypeDeclaration) throws -> [Property] {
    guard case .structure(let properties) = declaration.kind else {
        Issue.record("\(declaration.name) is not a struct: \(declaration.kind)")
        throw Unexpected()
    }
    return properties
}

private func property(_ declaration: TypeDeclaration, _ wireName: String) throws -> Property {
    try #require(try properties(declaration).first { $0.wireName == wireName })
}

private func union(_ declaration: TypeDeclaration) throws -> UnionModel {
    guard case .union(let union) = declaration.kind else {
        Issue.record("\(declaration.name) is not a union: \(declaration.kind)")
        throw Unexpected()
    }
    return union
}

private func stringEnum(_ declaration: TypeDeclaration) throws -> EnumModel<String> {
    guard case .stringEnum(let model) = declaration.kind else {
        Issue.record("\(declaration.name) is not a string enum: \(declaration.kind)")
        throw Unexpected()
    }
    return model
}

private struct Unexpected: Error {}

/// True for a plain ASCII Swift identifier: a letter or underscore, then letters, digits and underscores.
private func isValidIdentifier(_ name: String) -> Bool {
    guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
    return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
}

// MARK: - Naming

@Suite struct NamingTests {
    @Test func snakeCaseBecomesLowerCamelCase() {
        #expect(Naming.memberName("max_tokens") == "maxTokens")
        #expect(Naming.memberName("top-p") == "topP")
    }

    @Test func kebabCaseBecomesUpperCamelCase() {
        #expect(Naming.typeName("chat-image") == "ChatImage")
        #expect(Naming.typeName("chat_completion.chunk") == "ChatCompletionChunk")
    }

    @Test func initialismsAreCapitalised() {
        #expect(Naming.memberName("user_id") == "userID")
        #expect(Naming.memberName("image_url") == "imageURL")
        #expect(Naming.memberName("URL") == "url")
        #expect(Naming.typeName("api-key") == "APIKey")
    }

    @Test func typeNamesThatAreSwiftKeywordsOrStandardTypesGetASuffix() {
        #expect(Naming.typeName("type") == "TypeValue")
        #expect(Naming.typeName("self") == "SelfValue")
        #expect(Naming.typeName("protocol") == "ProtocolValue")
        #expect(Naming.typeName("string") == "StringValue")
        #expect(Naming.typeName("Error") == "ErrorValue")
    }

    @Test func namesStartingWithDigitsGetAnUnderscore() {
        #expect(Naming.memberName("200") == "_200")
        #expect(Naming.memberName("1st_place") == "_1stPlace")
        #expect(Naming.typeName("3d-model") == "_3dModel")
        #expect(isValidIdentifier(Naming.typeName("404")))
    }

    @Test func chineseNamesYieldValidDistinctASCIIIdentifiers() {
        let names = ["模型调用", "图片生成", "模型", "图片"]
        let members = names.map(Naming.memberName)
        let types = names.map(Naming.typeName)
        for name in members + types {
            #expect(isValidIdentifier(name), "\(name) is not a valid identifier")
        }
        #expect(Set(members).count == names.count)
        #expect(Set(types).count == names.count)
        #expect(types.allSatisfy { $0.first!.isUppercase })
        #expect(members.allSatisfy { $0.first!.isLowercase })
    }

    @Test func mixedChineseAndASCIIKeepsTheASCIIWords() {
        #expect(Naming.memberName("模型_name") == "name")
    }

    @Test func emptyNamesFallBackToValue() {
        #expect(Naming.memberName("") == "value")
        #expect(Naming.typeName("") == "Value")
    }

    @Test func nameScopeAddsNumericSuffixesInClaimOrder() {
        var scope = NameScope(reserved: ["Client"])
        #expect(scope.claim("Pet") == "Pet")
        #expect(scope.claim("Pet") == "Pet2")
        #expect(scope.claim("Pet") == "Pet3")
        #expect(scope.claim("Client") == "Client2")
        #expect(scope.claim("Pet2") == "Pet22")
        #expect(scope.contains("Pet3"))
    }

    @Test func bigNameScopesKeepEveryNameTheyHandedOut() {
        // Past a handful of names a scope keeps them differently; no name may be handed out twice across that.
        var scope = NameScope(reserved: ["init", "init"])
        let claimed = (0..<40).map { scope.claim("name\($0 % 10)") }
        #expect(Set(claimed).count == 40)
        #expect(claimed.prefix(12) == ["name0", "name1", "name2", "name3", "name4", "name5", "name6", "name7", "name8",
                                       "name9", "name02", "name12"])
        #expect(scope.claim("init") == "init2")
        #expect(scope.contains("name93") && !scope.contains("name95"))
    }

    @Test func collidingSchemaNamesGetSuffixesInDocumentOrder() throws {
        let module = try translate(schemas("""
        pet-item: {type: object, properties: {a: {type: string}}}
        pet_item: {type: object, properties: {b: {type: string}}}
        PetItem: {type: object, properties: {c: {type: string}}}
        """))
        #expect(module.types.map(\.name) == ["PetItem", "PetItem2", "PetItem3"])
        #expect(try property(try declaration(module, "PetItem2"), "b").swiftName == "b")
    }

    @Test func collidingPropertyNamesGetSuffixes() throws {
        let module = try translate(schemas("""
        Settings:
          type: object
          properties:
            max_tokens: {type: integer}
            maxTokens: {type: integer}
        """))
        let names = try properties(try declaration(module, "Settings")).map(\.swiftName)
        #expect(names == ["maxTokens", "maxTokens2"])
    }

    @Test func schemaNamedLikeTheModuleOrClientIsRenamed() throws {
        let module = try translate(schemas("""
        Client: {type: object, properties: {a: {type: string}}}
        TestAPI: {type: object, properties: {a: {type: string}}}
        """))
        #expect(module.types.map(\.name) == ["ClientValue", "TestAPI2"])
    }

    /// Generated code refers to the runtime's types by their plain names, so a schema may not take them.
    @Test(arguments: ["Request", "ClientCore", "Credential", "FilePart", "Indirect", "HTTPBody"])
    func schemaNamedLikeARuntimeTypeIsRenamed(name: String) throws {
        let module = try translate(schemas("""
        \(name): {type: object, properties: {a: {type: string}}}
        """))
        #expect(module.types.count == 1)
        #expect(module.types.first?.name != name)
    }
}

// MARK: - Properties and nullability

@Suite struct PropertyTests {
    @Test func propertyNotInRequiredIsOptional() throws {
        let module = try translate(schemas("""
        Pet:
          type: object
          required: [name]
          properties:
            name: {type: string}
            tag: {type: string}
        """))
        let pet = try declaration(module, "Pet")
        #expect(try property(pet, "name").type == .string)
        #expect(try property(pet, "tag").type == .optional(.string))
    }

    @Test func requiredWriteOnlyPropertyIsOptionalBecauseResponsesLackIt() throws {
        let module = try translate(schemas("""
        User:
          type: object
          required: [id, password, pin]
          properties:
            id: {type: integer, readOnly: true}
            password: {type: string, writeOnly: true}
            pin: {$ref: "#/components/schemas/Pin"}
        Pin: {type: string, writeOnly: true}
        """))
        let user = try declaration(module, "User")
        #expect(try property(user, "id").type == .integer(bits: nil))
        #expect(try property(user, "id").isReadOnly)
        #expect(try property(user, "password").type == .optional(.string))
        #expect(try property(user, "pin").type.isOptional)
    }

    @Test func requiredNullablePropertyIn30IsOptional() throws {
        let module = try translate(schemas("""
        Pet:
          type: object
          required: [name, age]
          properties:
            name: {type: string, nullable: true}
            age: {type: integer}
        """, version: "3.0.3"))
        let pet = try declaration(module, "Pet")
        #expect(try property(pet, "name").type == .optional(.string))
        #expect(try property(pet, "age").type == .integer(bits: nil))
    }

    @Test func requiredNullablePropertyIn31IsOptional() throws {
        let module = try translate(schemas("""
        Pet:
          type: object
          required: [name, age]
          properties:
            name: {type: [string, "null"]}
            age: {type: integer}
        """, version: "3.1.0"))
        let pet = try declaration(module, "Pet")
        #expect(try property(pet, "name").type == .optional(.string))
        #expect(try property(pet, "age").type == .integer(bits: nil))
    }

    @Test func requiredReferenceToNullableSchemaIn30IsOptional() throws {
        let module = try translate(schemas("""
        Pet:
          type: object
          required: [nickname, owner]
          properties:
            nickname: {$ref: '#/components/schemas/Name'}
            owner:
              allOf: [{$ref: '#/components/schemas/Owner'}]
              nullable: true
        Name: {type: string, nullable: true}
        Owner:
          type: object
          properties:
            name: {type: string}
        """, version: "3.0.3"))
        let pet = try declaration(module, "Pet")
        #expect(try property(pet, "nickname").type == .optional(.string))
        #expect(try property(pet, "owner").type == .optional(.named("Owner")))
    }

    @Test func optionalNullablePropertyIsOptionalOnce() throws {
        let module = try translate(schemas("""
        Pet:
          type: object
          properties:
            name: {type: [string, "null"]}
        """))
        #expect(try property(try declaration(module, "Pet"), "name").type == .optional(.string))
    }

    @Test func wireNamesAreKeptBesideSwiftNames() throws {
        let module = try translate(schemas("""
        Settings:
          type: object
          properties:
            max_tokens: {type: integer, format: int32}
        """))
        let tokens = try property(try declaration(module, "Settings"), "max_tokens")
        #expect(tokens.swiftName == "maxTokens")
        #expect(tokens.type == .optional(.integer(bits: 32)))
    }

    @Test func inlineObjectPropertyGetsNestedTypeNamedAfterIt() throws {
        let module = try translate(schemas("""
        Pet:
          type: object
          properties:
            owner:
              type: object
              required: [name]
              properties:
                name: {type: string}
        """))
        let pet = try declaration(module, "Pet")
        #expect(try property(pet, "owner").type == .optional(.named("Pet.Owner")))
        #expect(pet.nested.map(\.name) == ["Owner"])
        let owner = try #require(pet.nested.first)
        #expect(try property(owner, "name").type == .string)
        #expect(module.types.map(\.name) == ["Pet"])
    }

    @Test func inlineArrayItemObjectIsNamedInTheSingular() throws {
        let module = try translate(schemas("""
        Order:
          type: object
          properties:
            items:
              type: array
              items:
                type: object
                properties:
                  sku: {type: string}
        """))
        let order = try declaration(module, "Order")
        #expect(try property(order, "items").type == .optional(.array(.named("Order.Item"))))
    }
}

// MARK: - Enums

@Suite struct EnumTests {
    @Test func stringEnumIsOpenByDefault() throws {
        let module = try translate(schemas("""
        Color:
          type: string
          enum: [red, dark_green]
        """))
        let model = try stringEnum(try declaration(module, "Color"))
        #expect(model.isOpen)
        #expect(model.cases.map(\.swiftName) == ["red", "darkGreen"])
        #expect(model.cases.map(\.value) == ["red", "dark_green"])
        #expect(!model.cases.map(\.swiftName).contains(model.unknownCaseName))
    }

    @Test func untypedValuesOfDifferentTypesAreNotAnEnum() throws {
        let module = try translate(schemas("""
        Mixed: {enum: [1, "a", null]}
        Numbers: {enum: [1, 1.5]}
        Integers: {enum: [1, 2]}
        Words: {enum: [a, b]}
        """))
        guard case .alias(let mixed) = try declaration(module, "Mixed").kind,
              case .alias(let numbers) = try declaration(module, "Numbers").kind else {
            Issue.record("Mixed and Numbers should be aliases")
            return
        }
        #expect(mixed == .json)
        #expect(numbers == .double)
        guard case .integerEnum = try declaration(module, "Integers").kind else {
            Issue.record("Integers should be an integer enum")
            return
        }
        #expect(try stringEnum(try declaration(module, "Words")).cases.map(\.value) == ["a", "b"])
    }

    @Test func closedEnumExtensionMakesEnumClosed() throws {
        let module = try translate(schemas("""
        Color:
          type: string
          enum: [red, green]
          x-closed-enum: true
        """))
        #expect(try stringEnum(try declaration(module, "Color")).isOpen == false)
    }

    @Test func unknownCaseNameAvoidsAListedCase() throws {
        let module = try translate(schemas("""
        State:
          type: string
          enum: [known, unknown]
        """))
        let model = try stringEnum(try declaration(module, "State"))
        #expect(model.cases.map(\.swiftName) == ["known", "unknown"])
        #expect(model.unknownCaseName == "unknown2")
    }
}

// MARK: - Composition

@Suite struct CompositionTests {
    @Test func anInlineListOfWordsBesideOtherMembersIsAnOption() throws {
        let module = try translate(schemas("""
        ToolChoice:
          oneOf:
            - type: string
              enum: [none, auto, required]
            - $ref: "#/components/schemas/NamedTool"
        NamedTool:
          type: object
          properties: {name: {type: string}}
        """))
        let choice = try union(try declaration(module, "ToolChoice"))
        #expect(choice.cases.map(\.swiftName) == ["option", "namedTool"])
        #expect(choice.cases.first?.type == .named("ToolChoice.Option"))
    }

    @Test func inlineObjectMembersAreNamedByAPropertyOnlyTheyHave() throws {
        let module = try translate(schemas("""
        Source:
          oneOf:
            - type: object
              required: [url]
              properties: {url: {type: string}, detail: {type: string}}
            - type: object
              properties: {data: {type: string}, detail: {type: string}}
            - type: object
              properties: {detail: {type: string}}
        """))
        let source = try union(try declaration(module, "Source"))
        #expect(source.cases.map(\.swiftName) == ["url", "data", "object"])
    }

    @Test func objectAlternativesBesideOwnPropertiesBecomeAFlattenedUnion() throws {
        let module = try translate(schemas("""
        Base:
          type: object
          properties:
            id: {type: string}
        Shape:
          allOf:
            - $ref: "#/components/schemas/Base"
            - oneOf:
                - {type: object, properties: {radius: {type: number}}}
                - {type: object, properties: {side: {type: number}}}
        Scalar:
          type: object
          properties:
            id: {type: string}
          oneOf:
            - {type: string}
            - {type: integer}
        CheckRun:
          type: object
          properties:
            name: {type: string}
            status: {type: string, enum: [queued, completed]}
            conclusion: {type: string}
          anyOf:
            - properties: {status: {enum: [completed]}}
              required: [conclusion]
            - properties: {status: {enum: [queued]}}
        """))
        let shape = try properties(try declaration(module, "Shape"))
        #expect(shape.map(\.swiftName) == ["id", "variant"])
        let variant = try #require(shape.last)
        #expect(variant.isFlattened)
        #expect(variant.wireName.isEmpty)
        #expect(variant.type == .named("Shape.Variant"))
        let nested = try #require(try declaration(module, "Shape").nested.first { $0.name == "Variant" })
        #expect(try union(nested).cases.count == 2)
        // Alternatives that only constrain the object's own properties add nothing to hold.
        let run = try properties(try declaration(module, "CheckRun"))
        #expect(run.map(\.swiftName) == ["name", "status", "conclusion"])
        // Alternatives that are not objects cannot share the object: only the properties remain.
        let scalar = try properties(try declaration(module, "Scalar"))
        #expect(scalar.map(\.swiftName) == ["id"])
        #expect(scalar.allSatisfy { !$0.isFlattened })
    }

    @Test func oneOfStringAndStringArrayNamesCasesStringAndStrings() throws {
        let module = try translate(schemas("""
        Stop:
          oneOf:
            - type: string
            - type: array
              items: {type: string}
        """))
        let model = try union(try declaration(module, "Stop"))
        #expect(model.cases.map(\.swiftName) == ["string", "strings"])
        #expect(model.cases.map(\.type) == [.string, .array(.string)])
        #expect(model.discriminatorProperty == nil)
    }

    @Test func discriminatorMappingNamesCasesAndSetsValues() throws {
        let module = try translate(schemas("""
        Pet:
          oneOf:
            - $ref: '#/components/schemas/Cat'
            - $ref: '#/components/schemas/Dog'
          discriminator:
            propertyName: kind
            mapping:
              house_cat: '#/components/schemas/Cat'
              good-dog: '#/components/schemas/Dog'
        Cat:
          type: object
          required: [kind]
          properties:
            kind: {type: string}
        Dog:
          type: object
          required: [kind]
          properties:
            kind: {type: string}
        """))
        let model = try union(try declaration(module, "Pet"))
        #expect(model.discriminatorProperty == "kind")
        #expect(model.cases.map(\.swiftName) == ["houseCat", "goodDog"])
        #expect(model.cases.map(\.discriminatorValues) == [["house_cat"], ["good-dog"]])
        #expect(model.cases.map(\.type) == [.named("Cat"), .named("Dog")])
    }

    @Test func anyOfReferenceAndNullIsOptionalReference() throws {
        let module = try translate(schemas("""
        Pet:
          type: object
          required: [owner]
          properties:
            owner:
              anyOf:
                - $ref: '#/components/schemas/Owner'
                - type: "null"
        Owner:
          type: object
          properties:
            name: {type: string}
        """))
        let pet = try declaration(module, "Pet")
        #expect(try property(pet, "owner").type == .optional(.named("Owner")))
        #expect(pet.nested.isEmpty)
        #expect(module.types.map(\.name) == ["Pet", "Owner"])
    }

    @Test func allOfOfReferenceAndInlineObjectMergesProperties() throws {
        let module = try translate(schemas("""
        Base:
          type: object
          required: [id]
          properties:
            id: {type: string}
        Derived:
          allOf:
            - $ref: '#/components/schemas/Base'
            - type: object
              required: [count]
              properties:
                count: {type: integer}
                note: {type: string}
        """))
        let derived = try properties(try declaration(module, "Derived"))
        #expect(derived.map(\.wireName) == ["id", "count", "note"])
        #expect(derived.map(\.type) == [.string, .integer(bits: nil), .optional(.string)])
    }

    @Test func allOfRequiredListMakesInheritedPropertyRequired() throws {
        let module = try translate(schemas("""
        Base:
          type: object
          properties:
            name: {type: string}
        Named:
          allOf:
            - $ref: '#/components/schemas/Base'
            - required: [name]
        """))
        #expect(try property(try declaration(module, "Named"), "name").type == .string)
        #expect(try property(try declaration(module, "Base"), "name").type == .optional(.string))
    }

    @Test func recursiveReferenceIsMarkedRecursive() throws {
        let module = try translate(schemas("""
        Node:
          type: object
          required: [value]
          properties:
            value: {type: string}
            next:
              $ref: '#/components/schemas/Node'
        """))
        let node = try declaration(module, "Node")
        let next = try property(node, "next")
        #expect(next.type == .optional(.named("Node")))
        #expect(next.isBoxed)
        #expect(try property(node, "value").isBoxed == false)
    }

    @Test func recursionThroughAnArrayNeedsNoBox() throws {
        let module = try translate(schemas("""
        Tree:
          type: object
          properties:
            children:
              type: array
              items: {$ref: '#/components/schemas/Tree'}
        """))
        #expect(try property(try declaration(module, "Tree"), "children").isBoxed == false)
    }

    @Test func mutualRecursionMarksBothSides() throws {
        let module = try translate(schemas("""
        A:
          type: object
          properties:
            b: {$ref: '#/components/schemas/B'}
        B:
          type: object
          properties:
            a: {$ref: '#/components/schemas/A'}
        """))
        #expect(try property(try declaration(module, "A"), "b").isBoxed)
        #expect(try property(try declaration(module, "B"), "a").isBoxed)
    }

    @Test func largeValuesAreBoxedWhereOthersHoldThemAndSmallOnesStayInline() throws {
        let strings = (1...30).map { "    f\($0): {type: string}" }.joined(separator: "\n")
        let states = (1...70).map { "    s\($0): {$ref: '#/components/schemas/State'}" }.joined(separator: "\n")
        let most = TypeDeclaration.largeStructPropertyCount
        let counts = (0...most).map { "    c\($0): {type: integer}" }.joined(separator: "\n")
        let fitting = (1...most).map { "    c\($0): {type: integer}" }.joined(separator: "\n")
        let module = try translate(schemas("""
        Counts:
          type: object
          properties:
        \(counts)
        Fitting:
          type: object
          properties:
        \(fitting)
        Big:
          type: object
          properties:
        \(strings)
        State: {type: string, enum: [a, b]}
        Wide:
          type: object
          properties:
        \(states)
        Small:
          type: object
          properties:
            name: {type: string}
        Holder:
          type: object
          properties:
            big: {$ref: '#/components/schemas/Big'}
            small: {$ref: '#/components/schemas/Small'}
            bigs: {type: array, items: {$ref: '#/components/schemas/Big'}}
            either:
              anyOf: [{type: string}, {$ref: '#/components/schemas/Small'}]
            expandable:
              anyOf: [{type: string}, {$ref: '#/components/schemas/Big'}]
            wide: {$ref: '#/components/schemas/Wide'}
        """))
        let big = try declaration(module, "Big")
        #expect(big.layoutCost == 30)
        #expect(big.optionalLayoutCost == 62)
        #expect(big.isIndirect == false)
        // Seventy optional open enums: too many to copy field by field, so they share one storage.
        let wide = try declaration(module, "Wide")
        #expect(wide.isIndirect)
        #expect(wide.layoutCost == 1)
        // Cheap to copy, but more properties than one part holds: kept in storage too, to be coded in parts.
        #expect(try declaration(module, "Counts").isIndirect)
        #expect(try declaration(module, "Fitting").isIndirect == false)
        let holder = try declaration(module, "Holder")
        #expect(try property(holder, "wide").isBoxed == false)
        #expect(try property(holder, "big").isBoxed)
        #expect(try property(holder, "small").isBoxed == false)
        #expect(try property(holder, "bigs").isBoxed == false)
        // A union of large cases is one reference already: the property holding it needs no box.
        #expect(try property(holder, "expandable").isBoxed == false)
        #expect(holder.nested.first { $0.name == "Expandable" }?.isIndirect == true)
        #expect(holder.nested.first { $0.name == "Either" }?.isIndirect == false)
    }

    @Test func externalWholeFileSchemaIsNamedAfterTheFile() throws {
        let module = try translate("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Owner:
              type: object
              properties:
                pet: {$ref: 'pet-record.yaml'}
        """, files: ["/specs/pet-record.yaml": "type: object\nproperties:\n  name: {type: string}\n"])
        let owner = try declaration(module, "Owner")
        #expect(try property(owner, "pet").type == .optional(.named("PetRecord")))
        #expect(module.types.map(\.name) == ["Owner", "PetRecord"])
    }
}

// MARK: - Operations

@Suite struct OperationTests {
    private func paths(_ body: String) -> String {
        let indented = body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
        return """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
        \(indented)
        """
    }

    @Test func operationWithoutIdIsNamedFromMethodAndPath() throws {
        let module = try translate(paths("""
        /pets/{petId}:
          get:
            parameters:
              - {name: petId, in: path, required: true, schema: {type: string}}
            responses:
              200: {description: OK}
        """))
        let operation = try #require(module.operations.first)
        #expect(operation.swiftName == "getPetsByPetID")
        #expect(operation.operationID == operation.swiftName)
        #expect(operation.method == "GET")
        #expect(operation.path == "/pets/{petId}")
    }

    @Test func operationWithoutIdUsesAShortSummary() throws {
        let module = try translate(paths("""
        /v1/images:
          post:
            summary: chat-image
            responses:
              200: {description: OK}
        """))
        #expect(module.operations.first?.swiftName == "chatImage")
    }

    @Test func operationIdIsKeptAndCamelCased() throws {
        let module = try translate(paths("""
        /pets:
          get:
            operationId: list_pets
            responses:
              200: {description: OK}
        """))
        let operation = try #require(module.operations.first)
        #expect(operation.operationID == "list_pets")
        #expect(operation.swiftName == "listPets")
    }

    @Test func operationsNamedAlikeGetSuffixes() throws {
        let module = try translate(paths("""
        /pets:
          get:
            operationId: list-pets
            responses:
              200: {description: OK}
          post:
            operationId: list_pets
            responses:
              200: {description: OK}
        """))
        #expect(module.operations.map(\.swiftName) == ["listPets", "listPets2"])
    }

    @Test func reservedHeaderParametersAreDropped() throws {
        let module = try translate(paths("""
        /pets:
          get:
            operationId: listPets
            parameters:
              - {name: Authorization, in: header, required: true, schema: {type: string}}
              - {name: Content-Type, in: header, schema: {type: string}}
              - {name: accept, in: header, schema: {type: string}}
              - {name: X-Request-ID, in: header, schema: {type: string}}
            responses:
              200: {description: OK}
        """))
        let operation = try #require(module.operations.first)
        #expect(operation.parameters.map(\.name) == ["X-Request-ID"])
        #expect(operation.parameters.first?.swiftName == "xRequestID")
    }

    @Test func pathLevelParametersApplyToOperations() throws {
        let module = try translate(paths("""
        /pets/{petId}:
          parameters:
            - {name: petId, in: path, required: true, schema: {type: integer, format: int64}}
          get:
            operationId: getPet
            parameters:
              - {name: verbose, in: query, schema: {type: boolean}}
            responses:
              200: {description: OK}
        """))
        let operation = try #require(module.operations.first)
        #expect(operation.parameters.map(\.name) == ["petId", "verbose"])
        #expect(operation.parameters.map(\.type) == [.integer(bits: 64), .optional(.bool)])
        #expect(operation.parameters.map(\.location) == [.path, .query])
    }

    @Test func operationParameterOverridesPathLevelOne() throws {
        let module = try translate(paths("""
        /pets:
          parameters:
            - {name: limit, in: query, schema: {type: string}}
          get:
            operationId: listPets
            parameters:
              - {name: limit, in: query, required: true, schema: {type: integer}}
            responses:
              200: {description: OK}
        """))
        let operation = try #require(module.operations.first)
        #expect(operation.parameters.count == 1)
        #expect(operation.parameters.first?.type == .integer(bits: nil))
    }

    @Test func parametersDescribedByJSONContentAreSentAsJSON() throws {
        let spec = paths("""
        /pets/{filter}:
          get:
            operationId: findPets
            parameters:
              - name: where
                in: query
                content:
                  application/json:
                    schema: {type: object, properties: {color: {type: string}}}
              - name: filter
                in: path
                required: true
                content:
                  application/json:
                    schema: {type: string}
            responses:
              200: {description: OK}
        """)
        let document = try loadDocument([mainPath: spec])
        let (module, warnings) = try Translator.translate(document, moduleName: "TestAPI", specPath: mainPath)
        let parameters = try #require(module.operations.first?.parameters)
        #expect(parameters.first { $0.name == "where" }?.style == .json)
        #expect(parameters.first { $0.name == "filter" }?.style == .simple)
        #expect(warnings.map(\.message) == ["path parameter 'filter' described by JSON 'content' is sent in its default style, not as JSON"])
    }

    @Test func sharedResponseIsTranslatedOnceWithItsHeadersAsOneType() throws {
        let spec = paths("""
        /a:
          get:
            operationId: getA
            responses:
              429: {$ref: "#/components/responses/RateLimited"}
        /b:
          get:
            operationId: getB
            responses:
              200:
                description: OK
                headers:
                  ETag: {required: true, schema: {type: string}}
              503: {$ref: "#/components/responses/RateLimited"}
        """) + """

        components:
          responses:
            RateLimited:
              description: Slow down.
              headers:
                Retry-After: {schema: {type: integer}}
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      message: {type: string}
        """
        let module = try translate(spec)
        // One body type and one headers type, however many operations use the response.
        #expect(module.types.map(\.name) == ["RateLimited", "RateLimitedHeaders"])
        let headersType = try declaration(module, "RateLimitedHeaders")
        guard case .headers(let headers) = headersType.kind else {
            Issue.record("RateLimitedHeaders is not a headers type: \(headersType.kind)")
            return
        }
        #expect(headers.map(\.name) == ["Retry-After"])
        #expect(headers.map(\.type) == [.optional(.integer(bits: nil))])
        let shared = module.operations.flatMap(\.responses).filter { $0.sharedHeadersType != nil }
        #expect(shared.map(\.status) == [.code(429), .code(503)])
        #expect(shared.allSatisfy { $0.sharedHeadersType == "RateLimitedHeaders" && $0.documentation == "Slow down." })
        // Headers of a response written inline stay the operation's own.
        let own = try #require(module.operations.last?.responses.first)
        #expect(own.sharedHeadersType == nil)
        #expect(own.headers.map(\.swiftName) == ["eTag"])
        #expect(own.headers.map(\.type) == [.string])
    }

    @Test func pathPlaceholderWithoutParameterBecomesAStringParameterWithAWarning() throws {
        let spec = paths("""
        /pets/{petId}:
          get:
            operationId: getPet
            responses:
              200: {description: OK}
        """)
        let document = try loadDocument([mainPath: spec])
        let (module, warnings) = try Translator.translate(document, moduleName: "TestAPI", specPath: mainPath)
        #expect(warnings.count == 1)
        #expect(module.operations.first?.parameters.map(\.swiftName) == ["petID"])
        #expect(module.operations.first?.parameters.first?.type == .string)
        let diagnostic = try #require(warnings.first)
        #expect(diagnostic.message.contains("{petId}"))
        #expect(diagnostic.location?.file == mainPath)
        // The operation object of `get`, whose first key is on line 6.
        #expect(diagnostic.location?.line == 6)
    }
}

@Suite struct ServerTests {
    @Test func serversThatAreNotURLsAreSkippedWithALocatedWarning() throws {
        let document = try loadDocument([mainPath: """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        servers:
          - url: https://api example.com
          - url: "https://{region}.example.com/{version}"
            variables:
              region: {default: eu-west}
              version: {default: v1}
          - url: "https://{zone}.example.com"
            variables:
              zone: {default: "north east"}
          - url: https://example.com/%zz
          - url: /relative/v2
          - url: "{scheme}://{host}/v1"
            variables:
              scheme: {default: https}
              host: {default: api.example.com}
        paths: {}
        """])
        let (module, warnings) = try Translator.translate(document, moduleName: "TestAPI", specPath: mainPath)
        #expect(module.servers.map(\.url) == ["https://{region}.example.com/{version}", "/relative/v2", "{scheme}://{host}/v1"])
        // Named after the host, not the scheme.
        #expect(module.servers.last?.swiftName == "host")
        #expect(warnings.map(\.message) == [
            "server URL 'https://api example.com' is not a valid URL; the server is skipped",
            "server URL 'https://north east.example.com' is not a valid URL; the server is skipped",
            "server URL 'https://example.com/%zz' is not a valid URL; the server is skipped",
        ])
        #expect(warnings.map { $0.location?.line } == [4, 9, 12])
    }
}

@Suite struct DuplicateTypeTests {
    @Test func inlineTypesOfOneShapeAreDeclaredOnce() throws {
        let module = try translate(schemas("""
        Order:
          type: string
          enum: [asc, desc]
        Message:
          type: object
          properties:
            order: {type: string, enum: [asc, desc]}
            size:
              type: object
              properties:
                width: {type: integer}
                unit: {type: string, enum: [px, pt]}
        Call:
          type: object
          properties:
            size:
              type: object
              properties:
                width: {type: integer}
                unit: {type: string, enum: [px, pt]}
        """))
        let message = try declaration(module, "Message")
        let call = try declaration(module, "Call")
        // An inline enum of a component's values stands for the component.
        #expect(try nested(message, "Order").kind == .alias(.named("Order")))
        // A nested type and what it contains: its own references count relative to it.
        let size = try nested(message, "Size")
        _ = try properties(size)
        _ = try stringEnum(nested(size, "Unit"))
        let aliased = try nested(call, "Size")
        #expect(aliased.kind == .alias(.named("Message.Size")))
        #expect(aliased.nested.isEmpty)
    }

    @Test func componentCopiesBecomeAliasesOfThePlainestName() throws {
        let module = try translate(schemas("""
        BetaListing:
          type: object
          properties:
            order: {$ref: '#/components/schemas/BetaOrder'}
        BetaOrder:
          type: string
          description: Sort order.
          enum: [asc, desc]
        Listing:
          type: object
          properties:
            order: {$ref: '#/components/schemas/Order'}
        Order:
          type: string
          description: Sort order.
          enum: [asc, desc]
        """))
        let copy = try declaration(module, "BetaOrder")
        #expect(copy.kind == .alias(.named("Order")))
        // The original's documentation is the copy's.
        #expect(copy.documentation == nil)
        _ = try stringEnum(declaration(module, "Order"))
        // Found once the copies it refers to are aliases.
        #expect(try declaration(module, "BetaListing").kind == .alias(.named("Listing")))
    }

    @Test func componentsThatOnlyLookAlikeStayApart() throws {
        let module = try translate(schemas("""
        Order:
          type: string
          description: Sort order.
          enum: [asc, desc]
        OrderParam:
          type: string
          description: The order to sort in.
          enum: [asc, desc]
        Direction:
          type: string
          description: Sort order.
          enum: [asc, desc]
        """))
        // Documented apart, or named apart.
        _ = try stringEnum(declaration(module, "OrderParam"))
        _ = try stringEnum(declaration(module, "Direction"))
    }

    @Test func differentlyNamedObjectsStayApart() throws {
        let module = try translate(schemas("""
        Photo:
          type: object
          properties:
            size:
              type: object
              properties:
                width: {type: integer}
            frame:
              type: object
              properties:
                width: {type: integer}
            status:
              type: string
              enum: [new, old]
        Video:
          type: object
          properties:
            size:
              type: object
              properties:
                width: {type: integer}
                height: {type: integer}
            state:
              type: string
              enum: [new, old]
        """))
        let photo = try declaration(module, "Photo")
        let video = try declaration(module, "Video")
        // Objects of the same fields under different names are different things.
        _ = try properties(nested(photo, "Frame"))
        // Objects of the same name but different fields too.
        _ = try properties(nested(video, "Size"))
        // Enums are their values, whatever they are called.
        #expect(try nested(video, "State").kind == .alias(.named("Photo.Status")))
    }

    @Test func parameterEnumsShareTheComponentOfTheirValues() throws {
        let module = try translate("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /a:
            get:
              operationId: listA
              parameters:
                - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
              responses: {"204": {description: done}}
          /b:
            get:
              operationId: listB
              parameters:
                - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
              responses: {"204": {description: done}}
        components:
          schemas:
            SortOrder: {type: string, enum: [asc, desc]}
        """)
        #expect(try declaration(module, "ListAOrder").kind == .alias(.named("SortOrder")))
        #expect(try declaration(module, "ListBOrder").kind == .alias(.named("SortOrder")))
    }
}

@Suite struct DirectionTests {
    private let spec = """
    openapi: 3.1.0
    info: {title: T, version: "1"}
    paths:
      /pets:
        post:
          operationId: addPet
          requestBody:
            content:
              application/json: {schema: {$ref: '#/components/schemas/NewPet'}}
          responses:
            "200":
              description: the pet
              content:
                application/json: {schema: {$ref: '#/components/schemas/Pet'}}
      /stats:
        get:
          operationId: getStats
          parameters:
            - {name: tag, in: query, schema: {$ref: '#/components/schemas/TagFilter'}}
          responses:
            "200":
              description: counts
              content:
                application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Count'}}}
    components:
      schemas:
        NewPet:
          type: object
          properties:
            name: {type: string}
            tag: {$ref: '#/components/schemas/Tag'}
        Pet:
          type: object
          properties:
            name: {type: string}
            tag: {$ref: '#/components/schemas/Tag'}
            owner:
              type: object
              properties:
                name: {type: string}
        Tag:
          type: object
          properties:
            label: {type: string}
        TagFilter:
          type: object
          properties:
            label: {type: string}
            count: {$ref: '#/components/schemas/Count'}
        Count:
          type: object
          properties:
            value: {type: integer}
        Webhook:
          type: object
          properties:
            pet: {$ref: '#/components/schemas/Pet'}
    """

    @Test func typesOnlyResponsesReachAreReceivedOnly() throws {
        let module = try translate(spec)
        let pet = try declaration(module, "Pet")
        #expect(pet.isReceivedOnly)
        // Nested types go by their own use.
        #expect(try nested(pet, "Owner").isReceivedOnly)
    }

    @Test func typesARequestReachesStayMutable() throws {
        let module = try translate(spec)
        // Sent in a body, and received inside a response too.
        #expect(try !declaration(module, "Tag").isReceivedOnly)
        #expect(try !declaration(module, "NewPet").isReceivedOnly)
        // Sent through a parameter, received in a response array.
        #expect(try !declaration(module, "Count").isReceivedOnly)
    }

    @Test func typesNoOperationReachesStayMutable() throws {
        let module = try translate(spec)
        #expect(try !declaration(module, "Webhook").isReceivedOnly)
    }
}

@Suite struct SecurityTests {
    @Test func topLevelRequirementsAreTheDefaultAndOperationsMayOverrideThem() throws {
        let module = try translate("""
        openapi: 3.1.0
        info: {title: T, version: "1"}
        security: [{key: []}]
        paths:
          /a:
            get:
              operationId: inherits
              responses: {"204": {description: done}}
          /b:
            get:
              operationId: isPublic
              security: []
              responses: {"204": {description: done}}
          /c:
            get:
              operationId: usesAdmin
              security: [{admin: []}, {key: [], admin: []}]
              responses: {"204": {description: done}}
        components:
          securitySchemes:
            key: {type: http, scheme: bearer}
            admin: {type: apiKey, in: header, name: X-Admin}
        """)
        #expect(module.defaultSecurity == [["key"]])
        #expect(module.operations.map(\.security) == [[["key"]], [], [["admin"], ["key", "admin"]]])
    }
}
