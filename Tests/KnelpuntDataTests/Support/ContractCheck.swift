// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

/// An independent re-check of a loaded dataset against the format's contract, written without
/// the loader's code, so that the fuzz test can tell "accepted" from "accepted and valid".
enum ContractCheck {
    static func problems(in data: Dataset) -> [String] {
        var problems: [String] = []
        func require(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition { problems.append(message()) }
        }
        func validID(_ text: String) -> Bool {
            !text.isEmpty
                && text.unicodeScalars.allSatisfy {
                    ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "_.-".unicodeScalars.contains($0)
                }
        }
        let years = data.info.years
        require(!years.isEmpty && zip(years, years.dropFirst()).allSatisfy { $0 < $1 }, "years not ascending: \(years)")
        require(years.allSatisfy { (1900...2200).contains($0) }, "implausible years")
        require(data.info.defaultVOLLEURPerMWh.isFinite && data.info.defaultVOLLEURPerMWh > 0, "default VoLL")

        var nodeCarrier: [NodeID: Carrier] = [:]
        for node in data.nodes {
            require(validID(node.id.rawValue), "node id \(node.id)")
            require(nodeCarrier.updateValue(node.carrier, forKey: node.id) == nil, "duplicate node \(node.id)")
            require(node.latitude.map { $0.isFinite && abs($0) <= 90 } ?? true, "latitude of \(node.id)")
            require(node.longitude.map { $0.isFinite && abs($0) <= 180 } ?? true, "longitude of \(node.id)")
        }
        let profiles = Set(data.timeslices.profileNames)
        func knownProfile(_ profile: String?) -> Bool { profile.map(profiles.contains) ?? true }

        var assets: [String: Double] = [:]
        for link in data.links {
            require(assets.updateValue(link.capacityMW, forKey: link.id.rawValue) == nil, "duplicate asset \(link.id)")
            require(nodeCarrier[link.from] == link.carrier && nodeCarrier[link.to] == link.carrier, "link \(link.id) carriers")
            require(link.from != link.to, "link \(link.id) loops")
            require(link.capacityMW.isFinite && link.capacityMW >= 0, "link \(link.id) capacity")
            require(datesOK(link.commissioned, link.retired), "link \(link.id) dates")
        }
        for supply in data.supplies {
            require(assets.updateValue(supply.capacityMW, forKey: supply.id.rawValue) == nil, "duplicate asset \(supply.id)")
            require(nodeCarrier[supply.node] != nil, "supply \(supply.id) node")
            require(supply.capacityMW.isFinite && supply.capacityMW >= 0 && supply.costEURPerMWh.isFinite, "supply \(supply.id) numbers")
            require(knownProfile(supply.profile), "supply \(supply.id) profile")
            require(datesOK(supply.commissioned, supply.retired), "supply \(supply.id) dates")
        }
        for conversion in data.conversions {
            require(assets.updateValue(conversion.capacityMW, forKey: conversion.id.rawValue) == nil, "duplicate asset \(conversion.id)")
            require(nodeCarrier[conversion.from] == .electricity && nodeCarrier[conversion.to] == .hydrogen, "conversion \(conversion.id) carriers")
            require(conversion.efficiency > 0 && conversion.efficiency <= 1, "conversion \(conversion.id) efficiency")
            require(conversion.capacityMW.isFinite && conversion.capacityMW >= 0, "conversion \(conversion.id) capacity")
        }
        var projectIDs = Set<ProjectID>()
        for project in data.projects {
            require(projectIDs.insert(project.id).inserted, "duplicate project \(project.id)")
            if let target = project.target {
                require(assets[target] != nil, "project \(project.id) target")
            } else {
                require(project.capacityMW == 0, "external project \(project.id) capacity")
            }
            require(project.capacityMW.isFinite, "project \(project.id) capacity")
        }
        for (target, capacity) in assets {
            for year in years {
                require(
                    capacity + data.projectCapacityMW(target: target, upTo: year) >= -1e-9 || !exists(target, in: year, data),
                    "\(target) negative in \(year)")
            }
        }

        var consumers: [ConsumerID: Consumer] = [:]
        for consumer in data.consumers {
            require(consumers.updateValue(consumer, forKey: consumer.id) == nil, "duplicate consumer \(consumer.id)")
            require(consumer.electricityNode.map { nodeCarrier[$0] == .electricity } ?? true, "consumer \(consumer.id) electricity node")
            require(consumer.hydrogenNode.map { nodeCarrier[$0] == .hydrogen } ?? true, "consumer \(consumer.id) hydrogen node")
            require(consumer.priority.map { (1...3).contains($0) } ?? true, "consumer \(consumer.id) priority")
            require(consumer.vollEURPerMWh.map { $0.isFinite && $0 >= 0 } ?? true, "consumer \(consumer.id) VoLL")
        }
        var demandKeys = Set<String>()
        for level in data.demand {
            require(consumers[level.consumer]?.node(for: level.carrier) != nil, "demand \(level.consumer) node")
            require(level.mw.isFinite && level.mw >= 0, "demand \(level.consumer) mw")
            require(knownProfile(level.profile), "demand profile")
            require(demandKeys.insert("\(level.consumer)|\(level.carrier)|\(level.year)").inserted, "duplicate demand year")
        }
        for transition in data.transitions {
            require(consumers[transition.consumer]?.node(for: transition.carrier) != nil, "transition node")
            require(transition.mw.isFinite && transition.mw >= 0 && transition.co2AvoidedKtPerYear.isFinite, "transition numbers")
            require(knownProfile(transition.profile), "transition profile")
            require((transition.window != nil) == (transition.product == .timeBlock), "request window iff time-block")
            require(transition.curtailHoursPerYear == nil || transition.product == .tdtr, "curtail hours only on tdtr")
            require(transition.minMW.map { $0 > 0 && $0 <= transition.mw } ?? true, "request min_mw in (0, mw]")
            require(transition.dependsOn.map { projectIDs.contains($0) } ?? true, "request depends_on")
            if transition.window != nil {
                require(data.timeslices.slices.allSatisfy { $0.hour != nil }, "request window without hours")
            }
        }
        var contractIDs = Set<GroupContractID>()
        for contract in data.groupContracts {
            require(contractIDs.insert(contract.id).inserted, "duplicate group contract \(contract.id)")
            require(contract.capacityMW.isFinite && contract.capacityMW >= 0, "group contract \(contract.id) capacity")
            require(contract.toYear.map { $0 >= contract.fromYear } ?? true, "group contract \(contract.id) years")
        }
        for consumer in data.consumers {
            require(consumer.groupContract.map { contractIDs.contains($0) } ?? true, "consumer \(consumer.id) group contract")
        }
        var flexKeys = Set<String>()
        for commitment in data.flex {
            require(consumers[commitment.consumer]?.node(for: commitment.carrier) != nil, "flex node")
            require(commitment.toYear.map { $0 >= commitment.fromYear } ?? true, "flex years")
            require(commitment.maxMW.isFinite && commitment.maxMW >= 0 && commitment.costEURPerMWh.isFinite, "flex numbers")
            require(flexKeys.insert(commitment.key).inserted, "duplicate flex")
            if commitment.window != nil {
                require(data.timeslices.slices.allSatisfy { $0.hour != nil }, "flex window without hours")
            }
        }

        var sliceIDs = Set<TimesliceID>()
        for slice in data.timeslices.slices {
            require(sliceIDs.insert(slice.id).inserted, "duplicate timeslice \(slice.id)")
            require(slice.weightHours.isFinite && slice.weightHours >= 0, "weight of \(slice.id)")
            require(slice.profileValues.count == data.timeslices.profileNames.count, "profile count of \(slice.id)")
            require(slice.profileValues.allSatisfy { $0 >= 0 && $0 <= 1 }, "profile values of \(slice.id)")
            require(slice.month.map { (1...12).contains($0) } ?? true, "month of \(slice.id)")
            require(slice.hour.map { (0...23).contains($0) } ?? true, "hour of \(slice.id)")
        }
        let total = data.timeslices.totalHours
        require(abs(total - 8760) <= 1e-6 || abs(total - 8784) <= 1e-6, "weights sum to \(total)")
        return problems
    }

    static func datesOK(_ commissioned: Int?, _ retired: Int?) -> Bool {
        guard let commissioned, let retired else { return true }
        return retired > commissioned
    }

    static func exists(_ target: String, in year: Int, _ data: Dataset) -> Bool {
        if let link = data.links.first(where: { $0.id.rawValue == target }) {
            return Dataset.exists(commissioned: link.commissioned, retired: link.retired, in: year)
        }
        if let supply = data.supplies.first(where: { $0.id.rawValue == target }) {
            return Dataset.exists(commissioned: supply.commissioned, retired: supply.retired, in: year)
        }
        if let conversion = data.conversions.first(where: { $0.id.rawValue == target }) {
            return Dataset.exists(commissioned: conversion.commissioned, retired: conversion.retired, in: year)
        }
        return false
    }
}
