import Foundation
import PetStoreAPI

// Decodes a pet with the types generated at build time, and prints it back as JSON.
let json = Data(#"{"name": "Rex", "kind": "dog", "birth_year": 2019}"#.utf8)
let pet = try JSONCoding.decoder().decode(Pet.self, from: json)
print(pet.name, pet.kind.rawValue, pet.birthYear ?? 0)
print(String(decoding: try JSONCoding.encoder().encode(pet), as: UTF8.self))
print(Servers.petsExampleCom)
