// SPDX-License-Identifier: GPL-3.0-or-later

extension DatasetWriter {
    /// consumers.csv; `group_contract` only when a consumer has one, so older datasets are
    /// written as before.
    static func consumersFile(_ consumers: [Consumer]) -> (name: String, contents: String) {
        let contracts = consumers.contains { $0.groupContract != nil }
        let header =
            ["id", "name", "cluster", "electricity_node", "hydrogen_node", "group", "stage", "priority", "queue_date", "voll_eur_per_mwh"]
            + (contracts ? ["group_contract"] : []) + ["source"]
        return (
            "consumers.csv",
            CSVText.table(
                header,
                consumers.map { consumer in
                    [
                        consumer.id.rawValue, consumer.name, consumer.cluster, consumer.electricityNode?.rawValue ?? "",
                        consumer.hydrogenNode?.rawValue ?? "", consumer.group.rawValue, consumer.stage.rawValue,
                        CSVText.integer(consumer.priority), consumer.queueDate?.description ?? "", CSVText.number(consumer.vollEURPerMWh),
                    ] + (contracts ? [consumer.groupContract?.rawValue ?? ""] : []) + [consumer.source]
                })
        )
    }

    /// transition.csv; the request columns (`request_date`, `product`, `curtail_hours_per_year`,
    /// `window`, `min_mw`, `depends_on`) only when a request differs from a plain firm request, and
    /// `eop` only when a request names one, so older datasets are written as before.
    static func transitionFile(_ requests: [TransitionProject]) -> (name: String, contents: String) {
        let detailed = requests.contains {
            $0.requestDate != nil || $0.product != .firm || $0.curtailHoursPerYear != nil || $0.window != nil || $0.minMW != nil
                || $0.dependsOn != nil
        }
        let requestColumns = ["request_date", "product", "curtail_hours_per_year", "window", "min_mw", "depends_on"]
        let grouped = requests.contains { $0.eop != nil }
        let header =
            ["consumer", "project", "carrier", "year", "mw", "profile", "co2_avoided_kt_per_year"] + (detailed ? requestColumns : [])
            + (grouped ? ["eop"] : []) + ["source"]
        return (
            "transition.csv",
            CSVText.table(
                header,
                requests.map { request in
                    let details = [
                        request.requestDate?.description ?? "", request.product.rawValue, CSVText.number(request.curtailHoursPerYear),
                        request.window?.description ?? "", CSVText.number(request.minMW), request.dependsOn?.rawValue ?? "",
                    ]
                    return [
                        request.consumer.rawValue, request.project.rawValue, request.carrier.rawValue, String(request.year),
                        CSVText.number(request.mw), request.profile ?? "", CSVText.number(request.co2AvoidedKtPerYear),
                    ] + (detailed ? details : []) + (grouped ? [request.eop?.rawValue ?? ""] : []) + [request.source]
                })
        )
    }

    /// group_contracts.csv (written only when the dataset has group contracts).
    static func groupContractsFile(_ contracts: [GroupContract]) -> (name: String, contents: String) {
        (
            "group_contracts.csv",
            CSVText.table(
                ["id", "name", "capacity_mw", "from_year", "to_year", "source"],
                contracts.map { contract in
                    [
                        contract.id.rawValue, contract.name, CSVText.number(contract.capacityMW), String(contract.fromYear),
                        CSVText.integer(contract.toYear), contract.source,
                    ]
                })
        )
    }

    /// eops.csv (written only when the dataset has Expressions of Principles).
    static func eopsFile(_ eops: [ExpressionOfPrinciples]) -> (name: String, contents: String) {
        (
            "eops.csv",
            CSVText.table(
                ["id", "company", "stage", "date", "co2_reduction_kt_per_year", "source"],
                eops.map { eop in
                    [
                        eop.id.rawValue, eop.company, eop.stage.rawValue, eop.date.description, CSVText.number(eop.co2ReductionKtPerYear),
                        eop.source,
                    ]
                })
        )
    }

    /// delay_distributions.csv (written only when the dataset has delay distributions).
    static func delayDistributionsFile(_ rows: [DelayDistributionRow]) -> (name: String, contents: String) {
        (
            "delay_distributions.csv",
            CSVText.table(
                ["distribution", "status", "programme", "project", "delay_years", "weight", "source"],
                rows.map { row in
                    [
                        row.distribution, row.status?.rawValue ?? "", row.programme ?? "", row.project?.rawValue ?? "", String(row.delayYears),
                        CSVText.number(row.weight), row.source,
                    ]
                })
        )
    }
}
