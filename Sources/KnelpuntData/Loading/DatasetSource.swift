// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// One name in a dataset folder.
public struct DatasetEntry: Hashable, Sendable {
    public var name: String
    public var isDirectory: Bool
    /// Size in bytes (for the size limit); nil when unknown.
    public var byteCount: Int?

    public init(name: String, isDirectory: Bool, byteCount: Int?) {
        self.name = name
        self.isDirectory = isDirectory
        self.byteCount = byteCount
    }
}

/// Why a dataset folder or file could not be read.
public struct DatasetSourceError: Error, Hashable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Where the loader gets a dataset's files from: a folder on disk, or memory (tests, fuzzing).
public protocol DatasetSource {
    /// A name for messages, usually the folder path.
    var displayName: String { get }
    /// The entries of the dataset folder, in any order.
    func entries() throws(DatasetSourceError) -> [DatasetEntry]
    /// The bytes of the file `name`.
    func contents(of name: String) throws(DatasetSourceError) -> [UInt8]
}

/// A dataset folder on disk.
public struct DatasetFolder: DatasetSource, Sendable {
    public var url: URL

    public init(url: URL) { self.url = url }

    public var displayName: String { url.path }

    public func entries() throws(DatasetSourceError) -> [DatasetEntry] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetSourceError("no dataset folder at \(url.path); check the path")
        }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: url.path)
        } catch {
            throw DatasetSourceError("cannot list \(url.path): \(error.localizedDescription)")
        }
        return names.sorted().map { name in
            let path = url.appendingPathComponent(name).path
            var entryIsDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: path, isDirectory: &entryIsDirectory)
            let size = (try? manager.attributesOfItem(atPath: path))?[.size] as? NSNumber
            return DatasetEntry(name: name, isDirectory: entryIsDirectory.boolValue, byteCount: size?.intValue)
        }
    }

    public func contents(of name: String) throws(DatasetSourceError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) else {
            throw DatasetSourceError("cannot read \(name); check that it is a readable file")
        }
        return [UInt8](data)
    }
}

/// A dataset held in memory: file name → bytes.
public struct InMemoryDataset: DatasetSource, Sendable {
    public var files: [String: [UInt8]]
    public var displayName: String

    public init(files: [String: [UInt8]], displayName: String = "(memory)") {
        self.files = files
        self.displayName = displayName
    }

    /// Reads every regular file of `folder` into memory.
    public init(copying folder: URL) throws(DatasetSourceError) {
        let disk = DatasetFolder(url: folder)
        var files: [String: [UInt8]] = [:]
        for entry in try disk.entries() where !entry.isDirectory {
            files[entry.name] = try disk.contents(of: entry.name)
        }
        self.init(files: files, displayName: folder.path)
    }

    public func entries() throws(DatasetSourceError) -> [DatasetEntry] {
        files.keys.sorted().map { DatasetEntry(name: $0, isDirectory: false, byteCount: files[$0]?.count) }
    }

    public func contents(of name: String) throws(DatasetSourceError) -> [UInt8] {
        guard let bytes = files[name] else { throw DatasetSourceError("no file \(name)") }
        return bytes
    }
}
