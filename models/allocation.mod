/* allocation.mod -- Knelpunt's allocation LP (the cost stage) of one planning year, in GNU MathProg.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the reference formulation: docs/model.md states the same LP with the same symbols and
 * units, and Sources/KnelpuntModel/Formulation.swift builds it in Swift, one function per block
 * below (README.md, "Reference model", maps them). Tests/KnelpuntModelTests/ReferenceModelTests
 * checks that both build an LP of the same size with the same optimum and the same unserved
 * energy, on datasets/tiny, datasets/nl, an edge-case fixture and a meshed grid with reactances
 * (Kirchhoff: angles here, cycle rows in Swift) with and without N-1 (every post-contingency
 * row here; the Swift loop adds only the rows it needs, with the same optimum). Change both
 * or neither.
 * Units: MW for every variable, h for timeslice weights, EUR per year for the objective.
 *
 * INPUT: the dataset's tables, as GLPK's CSV table driver can read them. That driver (GLPK 5.0,
 * src/mpl/mpl6.c) stops at any empty cell ("empty field not allowed") and any cell longer than
 * 100 characters (the `source` and `name` columns), and a table statement must name its columns,
 * so it cannot read timeslices.csv's per-dataset profile columns. The tables are therefore
 * written once, by
 *
 *     knelpunt export DATASET --year Y --format mathprog --out DIR
 *
 * as the same records in the same files and order with four changes and no computation (the one
 * computed table is n1_pairs.csv: the year's N-1 pairs with their LODF, see "Power flow"): only
 * the columns read below; every empty cell written as (none); ids and text quoted (so an id
 * such as 001 stays text); timeslices.csv's profile columns in long form in profiles.csv
 * (timeslice,profile,value), and dataset.toml's default VoLL in dataset.csv. It also writes
 * DIR/year.dat (`param year := Y;`). Capacities after projects, existence in the year, demand
 * levels in force, transitions, profiles, hour windows and budgets are all computed below.
 *
 * RUN from the tables' folder; glpsol prints the optimum, `-o FILE` writes the solution,
 * `--wlp FILE` or `--wfreemps FILE` the LP:
 *
 *     cd DIR && glpsol -m path/to/models/allocation.mod -d year.dat
 *
 * glpsol has no option to set a parameter (`-y` is its display file), so the year comes from a
 * data file (`-d` or `--data`); for another year:
 *
 *     echo 'param year := 2030; end;' > y2030.dat && glpsol -m path/to/models/allocation.mod -d y2030.dat
 *
 * From another folder, add a second data file with `param data_dir := "DIR"; end;`
 * (glpsol accepts several -d).
 */

/* ============================== Options ============================== */

param year integer;
# planning year y (calendar year); set it in a data file: param year := 2030;

param data_dir symbolic default ".";
# folder holding the tables (no trailing slash)

param NONE symbolic := "(none)";
# how an empty dataset cell is written in the tables ("none": no value)

/* ============================== Tables ============================== */

set DATASET;
# the dataset's name (one element)
param default_voll_of{DATASET} >= 0;
# default value of lost load, €/MWh (dataset.toml default_voll_eur_per_mwh)
table dataset_in IN "CSV" (data_dir & "/dataset.csv"):
    DATASET <- [name], default_voll_of ~ default_voll_eur_per_mwh;

set SLICES;
# timeslices t
param weight_h{SLICES} >= 0;
# w_t: hours of the year slice t stands for, h
param hour_cell{SLICES} symbolic;
# hour of day of slice t (0-23), or (none)
table timeslices_in IN "CSV" (data_dir & "/timeslices.csv"):
    SLICES <- [id], weight_h, hour_cell ~ hour;

set PROFILE_CELLS dimen 2;
# (profile, t): the cells of timeslices.csv's profile columns
param profile_value{PROFILE_CELLS} >= 0, <= 1;
# value of a profile in a slice, fraction of capacity or demand (-)
table profiles_in IN "CSV" (data_dir & "/profiles.csv"):
    PROFILE_CELLS <- [profile, timeslice], profile_value ~ value;

set NODES;
# nodes n (substations, hubs, pipeline junctions)
param node_carrier{NODES} symbolic;
# electricity or hydrogen
table nodes_in IN "CSV" (data_dir & "/nodes.csv"):
    NODES <- [id], node_carrier ~ carrier;

set LINKS;
# links l, usable in both directions
param link_from{LINKS} symbolic;
# from(l), a node
param link_to{LINKS} symbolic;
# to(l), a node
param link_carrier{LINKS} symbolic;
# electricity or hydrogen
param link_capacity_mw{LINKS} >= 0;
# capacity before projects, MW
param link_commissioned{LINKS} symbolic;
# first year in service, or (none): in service before every planning year
param link_retired{LINKS} symbolic;
# first year no longer in service, or (none): never retired
param link_reactance_pu{LINKS} symbolic;
# series reactance of an AC line, per unit on a 100 MVA base, or (none): controllable (HVDC, hydrogen)
param link_emergency_rating_mw{LINKS} symbolic;
# limit after a contingency, MW, or (none): the capacity
table links_in IN "CSV" (data_dir & "/links.csv"):
    LINKS <- [id], link_from ~ from, link_to ~ to, link_carrier ~ carrier,
    link_capacity_mw ~ capacity_mw, link_commissioned ~ commissioned, link_retired ~ retired,
    link_reactance_pu ~ reactance_pu, link_emergency_rating_mw ~ emergency_rating_mw;

set N1_PAIRS dimen 2;
# (l, k): monitored AC link l after the outage of AC link k, in year y (empty without N-1)
param lodf{N1_PAIRS};
# LODF_{l,k}: the share of k's flow that moves onto l when k trips (from the year's PTDF)
table n1_in IN "CSV" (data_dir & "/n1_pairs.csv"):
    N1_PAIRS <- [monitored, outage], lodf ~ lodf;

set PROJECTS;
# infrastructure projects (MIEK, TenneT, Gasunie, ...)
param project_target{PROJECTS} symbolic;
# the link, supply or conversion whose capacity changes
param project_mw{PROJECTS};
# capacity added (negative: removed), MW
param project_year{PROJECTS} integer;
# year the change takes effect (from 1 January)
param project_status{PROJECTS} symbolic;
# in-service, construction, permitting, planned, study or cancelled
param project_reactance_pu{PROJECTS} symbolic;
# the target link's reactance from project_year on (per unit), or (none): unchanged
table projects_in IN "CSV" (data_dir & "/projects.csv"):
    PROJECTS <- [id], project_target ~ target, project_mw ~ capacity_mw,
    project_year ~ year, project_status ~ status, project_reactance_pu ~ reactance_pu;

set SUPPLIES;
# supplies s (wind, solar, interconnectors, generation, imports)
param supply_node{SUPPLIES} symbolic;
# n(s), the node it injects at
param supply_capacity_mw{SUPPLIES} >= 0;
# capacity before projects, MW
param supply_profile{SUPPLIES} symbolic;
# availability profile, or (none): always fully available
param supply_cost{SUPPLIES};
# cost_s, €/MWh
param supply_commissioned{SUPPLIES} symbolic;
# first year in service, or (none)
param supply_retired{SUPPLIES} symbolic;
# first year no longer in service, or (none)
table supply_in IN "CSV" (data_dir & "/supply.csv"):
    SUPPLIES <- [id], supply_node ~ node, supply_capacity_mw ~ capacity_mw,
    supply_profile ~ profile, supply_cost ~ cost_eur_per_mwh,
    supply_commissioned ~ commissioned, supply_retired ~ retired;

set CONVERSIONS;
# conversions v (electrolysers)
param conversion_from{CONVERSIONS} symbolic;
# from(v), the electricity node it takes power from
param conversion_to{CONVERSIONS} symbolic;
# to(v), the hydrogen node it delivers to
param conversion_capacity_mw{CONVERSIONS} >= 0;
# electrical input capacity before projects, MW
param efficiency{CONVERSIONS} > 0, <= 1;
# eff_v: hydrogen out per electricity in (-)
param conversion_commissioned{CONVERSIONS} symbolic;
# first year in service, or (none)
param conversion_retired{CONVERSIONS} symbolic;
# first year no longer in service, or (none)
table conversions_in IN "CSV" (data_dir & "/conversions.csv"):
    CONVERSIONS <- [id], conversion_from ~ from, conversion_to ~ to,
    conversion_capacity_mw ~ capacity_mw, efficiency,
    conversion_commissioned ~ commissioned, conversion_retired ~ retired;

set CONSUMERS;
# consumers c (companies, aggregated newcomers)
param electricity_node{CONSUMERS} symbolic;
# node where c takes electricity, or (none)
param hydrogen_node{CONSUMERS} symbolic;
# node where c takes hydrogen, or (none)
param consumer_voll{CONSUMERS} symbolic;
# value of lost load, €/MWh, or (none): the dataset default
table consumers_in IN "CSV" (data_dir & "/consumers.csv"):
    CONSUMERS <- [id], electricity_node, hydrogen_node, consumer_voll ~ voll_eur_per_mwh;

set DEMAND dimen 3;
# demand levels (consumer c, carrier k, year from which the level holds)
param demand_level_mw{DEMAND} >= 0;
# demand level, MW
param demand_profile{DEMAND} symbolic;
# demand profile, or (none): flat
table demand_in IN "CSV" (data_dir & "/demand.csv"):
    DEMAND <- [consumer, carrier, year], demand_level_mw ~ mw, demand_profile ~ profile;

set TRANSITIONS dimen 2;
# transition projects (project, carrier k): extra demand of a consumer from a year on
param transition_consumer{TRANSITIONS} symbolic;
# the consumer c
param transition_year{TRANSITIONS} integer;
# year the extra demand starts (from 1 January)
param transition_mw{TRANSITIONS} >= 0;
# extra demand, MW
param transition_profile{TRANSITIONS} symbolic;
# demand profile, or (none): flat
table transition_in IN "CSV" (data_dir & "/transition.csv"):
    TRANSITIONS <- [project, carrier], transition_consumer ~ consumer,
    transition_year ~ year, transition_mw ~ mw, transition_profile ~ profile;

set FLEX dimen 4;
# flex commitments f = (consumer c, carrier k, product, from_year)
param flex_to_year{FLEX} symbolic;
# last year in force, or (none): open-ended
param flex_max_mw{FLEX} >= 0;
# max_mw_f: most demand curtailed at once, MW
param flex_max_hours{FLEX} symbolic;
# max_hours_f: yearly budget in full-load hours at max_mw_f, h, or (none): unlimited
param flex_cost{FLEX};
# cost_f, €/MWh curtailed
param flex_window{FLEX} symbolic;
# window_f: hours of day it may curtail, e.g. 0-6;22-23, or (none): any hour
table flex_in IN "CSV" (data_dir & "/flex.csv"):
    FLEX <- [consumer, carrier, product, from_year], flex_to_year ~ to_year,
    flex_max_mw ~ max_mw, flex_max_hours ~ max_hours_per_year,
    flex_cost ~ cost_eur_per_mwh, flex_window ~ window;

/* ============================== Data checks ============================== */

# `knelpunt validate` checks all of this and more (docs/dataset-format.md, "Validation rules");
# these are the facts the LP below relies on. GLPK also stops on a duplicate key (two rows with
# the same id, or the same consumer, carrier and year in demand.csv).

check card(DATASET) = 1;
check abs(sum{t in SLICES} weight_h[t] - 8760) <= 1e-6 or abs(sum{t in SLICES} weight_h[t] - 8784) <= 1e-6;
check{(pf, t) in PROFILE_CELLS}: t in SLICES;
check{t in SLICES: hour_cell[t] != NONE}: hour_cell[t] in 0..23;
check{l in LINKS}: link_from[l] in NODES and link_to[l] in NODES and link_from[l] != link_to[l];
check{l in LINKS}: node_carrier[link_from[l]] = link_carrier[l] and node_carrier[link_to[l]] = link_carrier[l];
check{s in SUPPLIES}: supply_node[s] in NODES;
check{v in CONVERSIONS}: node_carrier[conversion_from[v]] = "electricity" and node_carrier[conversion_to[v]] = "hydrogen";
check{c in CONSUMERS: electricity_node[c] != NONE}: node_carrier[electricity_node[c]] = "electricity";
check{c in CONSUMERS: hydrogen_node[c] != NONE}: node_carrier[hydrogen_node[c]] = "hydrogen";
check{(c, k, y0) in DEMAND}: c in CONSUMERS;
check{(tr, k) in TRANSITIONS}: transition_consumer[tr, k] in CONSUMERS;
check{(c, k, product, y0) in FLEX}: c in CONSUMERS;
check{pr in PROJECTS}: project_target[pr] in LINKS union SUPPLIES union CONVERSIONS;

/* ============================== Profiles ============================== */

set PROFILES := setof{(pf, t) in PROFILE_CELLS} pf;
# profile names (the profile columns of timeslices.csv)

param shape{pf in PROFILES union {NONE}, t in SLICES} :=
    if pf = NONE then 1 else profile_value[pf, t];
# a(t): value of profile pf in slice t; an empty profile cell means 1 in every slice (-)

check{pf in PROFILES, t in SLICES}: (pf, t) in PROFILE_CELLS;
# every profile has a value in every slice

check{s in SUPPLIES}: supply_profile[s] in PROFILES union {NONE};
check{(c, k, y0) in DEMAND}: demand_profile[c, k, y0] in PROFILES union {NONE};
check{(tr, k) in TRANSITIONS}: transition_profile[tr, k] in PROFILES union {NONE};

/* ============================== The system in year y ============================== */

# An asset exists in year y when commissioned <= y < retired; an empty cell sets no limit.
set LINKS_Y := {l in LINKS:
    (link_commissioned[l] = NONE or link_commissioned[l] + 0 <= year)
    and (link_retired[l] = NONE or year < link_retired[l] + 0)};
# L: links that exist in year y
set SUPPLIES_Y := {s in SUPPLIES:
    (supply_commissioned[s] = NONE or supply_commissioned[s] + 0 <= year)
    and (supply_retired[s] = NONE or year < supply_retired[s] + 0)};
# S: supplies that exist in year y
set CONVERSIONS_Y := {v in CONVERSIONS:
    (conversion_commissioned[v] = NONE or conversion_commissioned[v] + 0 <= year)
    and (conversion_retired[v] = NONE or year < conversion_retired[v] + 0)};
# V: conversions that exist in year y

param project_mw_in_force{a in LINKS union SUPPLIES union CONVERSIONS} :=
    sum{pr in PROJECTS: project_target[pr] = a and project_status[pr] != "cancelled" and project_year[pr] <= year}
        project_mw[pr];
# capacity added by the non-cancelled projects on asset a with year <= y, MW

param cap_link{l in LINKS_Y} := link_capacity_mw[l] + project_mw_in_force[l];
# cap_l, MW
param cap_supply{s in SUPPLIES_Y} := supply_capacity_mw[s] + project_mw_in_force[s];
# cap_s, MW
param cap_conversion{v in CONVERSIONS_Y} := conversion_capacity_mw[v] + project_mw_in_force[v];
# cap_v, MW

check{l in LINKS_Y}: cap_link[l] >= 0;

# Power flow (docs/model.md, "Power flow and N-1"). The reactance in year y: links.csv, replaced by
# the latest non-cancelled project with a reactance and year <= y (the Swift model takes the later
# file row when two share a year; this model refuses such ties).
set REACTANCE_PROJECTS{l in LINKS} := {pr in PROJECTS: project_target[pr] = l and project_status[pr] != "cancelled"
    and project_year[pr] <= year and project_reactance_pu[pr] != NONE};
check{l in LINKS, pr in REACTANCE_PROJECTS[l], pr2 in REACTANCE_PROJECTS[l]: pr != pr2}: project_year[pr] != project_year[pr2];
set HAS_REACTANCE := {l in LINKS: link_reactance_pu[l] != NONE or card(REACTANCE_PROJECTS[l]) > 0};
# links with a reactance in year y
param reactance{l in HAS_REACTANCE} := if card(REACTANCE_PROJECTS[l]) = 0 then link_reactance_pu[l] + 0
    else max{pr in REACTANCE_PROJECTS[l]: project_year[pr] = max{pr3 in REACTANCE_PROJECTS[l]} project_year[pr3]}
        (project_reactance_pu[pr] + 0);
# x_l in year y, per unit
set AC_Y := {l in LINKS_Y inter HAS_REACTANCE: link_carrier[l] = "electricity" and cap_link[l] > 1e-9};
# the AC subnetwork: electricity links in service (capacity above 0) with a reactance
set AC_NODES := setof{l in AC_Y} link_from[l] union setof{l in AC_Y} link_to[l];
# nodes touched by an AC link (they get a voltage angle)
param emergency{l in AC_Y} := if link_emergency_rating_mw[l] = NONE then cap_link[l]
    else max(0, link_emergency_rating_mw[l] + project_mw_in_force[l]);
# E_l, MW: emergency_rating_mw plus the capacity the link's projects added by y, else cap_l
check{(l, k) in N1_PAIRS}: l in AC_Y and k in AC_Y and l != k;
check{s in SUPPLIES_Y}: cap_supply[s] >= 0;
check{v in CONVERSIONS_Y}: cap_conversion[v] >= 0;

/* ============================== Demand in year y ============================== */

set LEVELS_IN_FORCE := {(c, k, y0) in DEMAND:
    y0 <= year and not exists{(c, k, y1) in DEMAND} (y0 < y1 and y1 <= year)};
# per consumer and carrier, the latest demand level with year <= y
set TRANSITIONS_IN_FORCE := {(tr, k) in TRANSITIONS: transition_year[tr, k] <= year};
# transition projects that have started by year y

set CANDIDATE_PAIRS := setof{(c, k, y0) in DEMAND} (c, k)
    union setof{(tr, k) in TRANSITIONS} (transition_consumer[tr, k], k);
# consumer-carrier pairs that appear in demand.csv or transition.csv

param pair_node{(c, k) in CANDIDATE_PAIRS} symbolic :=
    if k = "electricity" then electricity_node[c] else hydrogen_node[c];
# n(i): node where the consumer takes carrier k, or (none)

param demand{(c, k) in CANDIDATE_PAIRS, t in SLICES} :=
    sum{(c, k, y0) in LEVELS_IN_FORCE} demand_level_mw[c, k, y0] * shape[demand_profile[c, k, y0], t]
    + sum{(tr, k) in TRANSITIONS_IN_FORCE: transition_consumer[tr, k] = c}
        transition_mw[tr, k] * shape[transition_profile[tr, k], t];
# D_i(t): level in force x its profile + started transitions x their profiles, MW

set PAIRS := {(c, k) in CANDIDATE_PAIRS:
    pair_node[c, k] != NONE and sum{t in SLICES} weight_h[t] * demand[c, k, t] > 0};
# I: pairs i = (c, k) with a node for k and positive annual demand in year y

param voll{c in CONSUMERS} :=
    if consumer_voll[c] = NONE then sum{d in DATASET} default_voll_of[d] else consumer_voll[c];
# VoLL: value of lost load of consumer c, €/MWh

/* ============================== Flex in year y ============================== */

set FLEX_Y := {(c, k, product, y0) in FLEX:
    y0 <= year and (flex_to_year[c, k, product, y0] = NONE or year <= flex_to_year[c, k, product, y0] + 0)
    and (c, k) in PAIRS};
# F: flex commitments in force in year y whose pair has demand

# Hour windows: a window such as 0-6;22-23 is a ;-separated list of hour ranges a-b (or one
# hour a), inclusive. Each range starts at character 1 or right after a ";".
set WINDOWS := setof{(c, k, product, y0) in FLEX: flex_window[c, k, product, y0] != NONE}
    flex_window[c, k, product, y0];
# the distinct hour windows in flex.csv
set RANGE_START{w in WINDOWS} := {i in 1..length(w): i = 1 or substr(w, i - 1, 1) = ";"};
# character positions where the ranges of window w start
param range_end{w in WINDOWS, i in RANGE_START[w]} :=
    min{j in i..length(w): j = length(w) or substr(w, j + 1, 1) = ";"} j;
# position of the range's last character
param range_dash{w in WINDOWS, i in RANGE_START[w]} :=
    sum{j in i..range_end[w, i]: substr(w, j, 1) = "-"} j;
# position of the range's "-", or 0 for a single hour
param range_first{w in WINDOWS, i in RANGE_START[w]} :=
    if range_dash[w, i] = 0 then substr(w, i, range_end[w, i] - i + 1) else substr(w, i, range_dash[w, i] - i);
# first hour of the range (0-23)
param range_last{w in WINDOWS, i in RANGE_START[w]} :=
    if range_dash[w, i] = 0 then range_first[w, i]
    else substr(w, range_dash[w, i] + 1, range_end[w, i] - range_dash[w, i]);
# last hour of the range (0-23)
check{w in WINDOWS, i in RANGE_START[w]}: 0 <= range_first[w, i] and range_first[w, i] <= range_last[w, i] and range_last[w, i] <= 23;
param in_window{w in WINDOWS, h in 0..23} binary :=
    if exists{i in RANGE_START[w]} (range_first[w, i] <= h and h <= range_last[w, i]) then 1 else 0;
# 1 when hour of day h lies in window w

check{(c, k, product, y0) in FLEX_Y, t in SLICES: flex_window[c, k, product, y0] != NONE}: hour_cell[t] != NONE;

set FLEX_SLOTS dimen 5 := {(c, k, product, y0) in FLEX_Y, t in SLICES:
    flex_window[c, k, product, y0] = NONE
    or (hour_cell[t] != NONE and in_window[flex_window[c, k, product, y0], hour_cell[t]] = 1)};
# (f, t): slices in which f may curtail; outside its window z[f,t] is fixed at 0 (no variable)

set BUDGETED := {(c, k, product, y0) in FLEX_Y: flex_max_hours[c, k, product, y0] != NONE};
# commitments with a yearly budget

/* ============================== Index sets for the balance ============================== */

set SUPPLIES_AT{n in NODES} := {s in SUPPLIES_Y: supply_node[s] = n};
# supplies s with n(s) = n
set LINKS_INTO{n in NODES} := {l in LINKS_Y: link_to[l] = n};
# links l with to(l) = n
set LINKS_OUT_OF{n in NODES} := {l in LINKS_Y: link_from[l] = n};
# links l with from(l) = n
set CONVERSIONS_INTO{n in NODES} := {v in CONVERSIONS_Y: conversion_to[v] = n};
# conversions v with to(v) = n
set CONVERSIONS_OUT_OF{n in NODES} := {v in CONVERSIONS_Y: conversion_from[v] = n};
# conversions v with from(v) = n
set PAIRS_AT{n in NODES} dimen 2 := {(c, k) in PAIRS: pair_node[c, k] = n};
# pairs i with n(i) = n
set FLEX_OF{(c, k) in PAIRS} dimen 2 := setof{(c, k, product, y0) in FLEX_Y} (product, y0);
# the flex commitments (product, from_year) of pair (c, k)
set PAIRS_WITH_FLEX := {(c, k) in PAIRS: card(FLEX_OF[c, k]) > 0};
# pairs with flex in force: they get a demand-cover row

/* ============================== Variables (MW, per slice) ============================== */

# addSupplyColumns: supply used, 0 <= g <= cap_s * a_s(t)
var g{s in SUPPLIES_Y, t in SLICES} >= 0, <= cap_supply[s] * shape[supply_profile[s], t];

# addFlowColumns: flow on a link, positive from -> to, -cap_l <= x <= cap_l
var x{l in LINKS_Y, t in SLICES} >= -cap_link[l], <= cap_link[l];

# addConversionColumns: electricity into a conversion, 0 <= p <= cap_v
var p{v in CONVERSIONS_Y, t in SLICES} >= 0, <= cap_conversion[v];

# addFlexColumns: agreed flexible curtailment, 0 <= z <= max_mw_f inside window_f
var z{(c, k, product, y0, t) in FLEX_SLOTS} >= 0, <= flex_max_mw[c, k, product, y0];

# voltage angle of an AC node times the 100 MVA base (MW x p.u.), free; the Swift model has no
# angles: it writes Kirchhoff's voltage law round a cycle basis instead (same flows, fewer rows)
var theta{n in AC_NODES, t in SLICES};

# addUnservedColumns: involuntary unserved demand, 0 <= u <= D_i(t)
var u{(c, k) in PAIRS, t in SLICES} >= 0, <= demand[c, k, t];

/* ============================== Objective: the cost stage, € per year ============================== */

minimize cost:
    sum{t in SLICES} weight_h[t] * (
          sum{s in SUPPLIES_Y} supply_cost[s] * g[s, t]
        + sum{(c, k) in PAIRS} voll[c] * u[c, k, t]
        + sum{(c, k, product, y0) in FLEX_Y: (c, k, product, y0, t) in FLEX_SLOTS}
            flex_cost[c, k, product, y0] * z[c, k, product, y0, t]);

/* ============================== Constraints ============================== */

# addNodalBalanceRows: nodal balance of node n in slice t, MW
s.t. balance{n in NODES, t in SLICES}:
      sum{s in SUPPLIES_AT[n]} g[s, t]
    + sum{l in LINKS_INTO[n]} x[l, t] - sum{l in LINKS_OUT_OF[n]} x[l, t]
    + sum{v in CONVERSIONS_INTO[n]} efficiency[v] * p[v, t] - sum{v in CONVERSIONS_OUT_OF[n]} p[v, t]
    + sum{(c, k) in PAIRS_AT[n]} (u[c, k, t]
        + sum{(product, y0) in FLEX_OF[c, k]: (c, k, product, y0, t) in FLEX_SLOTS} z[c, k, product, y0, t])
    =
    sum{(c, k) in PAIRS_AT[n]} demand[c, k, t];

# addDemandCoverRows: unserved plus curtailed demand of a pair with flex, slice t, MW
# (for pairs without flex u <= D is the variable's bound)
s.t. cover{(c, k) in PAIRS_WITH_FLEX, t in SLICES}:
    u[c, k, t] + sum{(product, y0) in FLEX_OF[c, k]: (c, k, product, y0, t) in FLEX_SLOTS} z[c, k, product, y0, t]
    <=
    demand[c, k, t];

# addFlexBudgetRows: yearly flex budget, MWh; the only rows that couple slices
s.t. budget{(c, k, product, y0) in BUDGETED}:
    sum{t in SLICES: (c, k, product, y0, t) in FLEX_SLOTS} weight_h[t] * z[c, k, product, y0, t]
    <=
    flex_max_mw[c, k, product, y0] * flex_max_hours[c, k, product, y0];

# addKirchhoffRows: DC power flow on each AC link, slice t (MW x p.u.): x_l * x[l,t] = theta_from - theta_to.
# Per slice this has |AC_NODES| more columns and |AC_NODES| - (components) more rows than the
# Swift model's cycle rows; the feasible flows, and so the optimum, are the same.
s.t. kirchhoff{l in AC_Y, t in SLICES}:
    reactance[l] * x[l, t] = theta[link_from[l], t] - theta[link_to[l], t];

# addContingencyRows: flow on monitored link l after the outage of link k, slice t, MW, within
# l's emergency rating. Every pair of n1_pairs.csv in every slice; the Swift model adds only the
# pairs its solutions violate (lazily), and its optimum is this LP's.
s.t. n1{(l, k) in N1_PAIRS, t in SLICES}:
    -emergency[l] <= x[l, t] + lodf[l, k] * x[k, t] <= emergency[l];

solve;

end;
