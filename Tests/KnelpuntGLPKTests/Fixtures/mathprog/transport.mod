/* A tiny transportation LP for Knelpunt's MathProg tests (hand-solved optimum 165). */

set I;                          # sources
set J;                          # sinks
param s{i in I} >= 0;           # supply of source i [t]
param d{j in J} >= 0;           # demand of sink j [t]
param c{i in I, j in J};        # transport cost [EUR/t]
check: sum{i in I} s[i] = sum{j in J} d[j];

var x{i in I, j in J} >= 0;     # shipment from i to j [t]

minimize cost: sum{i in I, j in J} c[i,j] * x[i,j];

s.t. supply{i in I}:
    sum{j in J} x[i,j] <= s[i];

s.t. demand{j in J}:
    sum{i in I} x[i,j] >= d[j];

solve;
end;
