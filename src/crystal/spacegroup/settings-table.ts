/**
 * The 530 space-group settings of International Tables for Crystallography Vol. B, Table A1.4.2.7
 * (the list of settings also tabulated by sgtbx and spglib), one setting a line:
 *
 *   number | Hall symbol | Hermann-Mauguin symbol of the setting | setting code | pre-2002 H-M symbol
 *
 * Sources of the facts:
 *  - Hall symbols: S. R. Hall, "Space-group notation with an explicit origin", Acta Cryst. A37 (1981) 517-525,
 *    with the spellings used by spglib (src/spg_database.c, table spacegroup_types; there '=' stands for '"')
 *    and by cctbx sgtbx (sgtbx/symbols.cpp);
 *  - numbers, H-M symbols (monoclinic as full symbols, others short; subscripts written without '_', e.g.
 *    "P 1 21/c 1", "P 63/m m c") and setting codes (unique axis / cell choice "b1", axis permutations "cab",
 *    origin choices "1", "2", hexagonal / rhombohedral axes "H", "R") from the same tables;
 *  - pre-2002 names of the groups with an 'e' glide (39, 41, 64, 67, 68), as in ITA 5th ed. Table 4.3.2.1.
 *
 * Data only, transcribed from those tables; the code that reads it is lookup.ts.
 */
export const SETTINGS_TEXT = `
1|P 1|P 1||
2|-P 1|P -1||
3|P 2y|P 1 2 1|b|
3|P 2|P 1 1 2|c|
3|P 2x|P 2 1 1|a|
4|P 2yb|P 1 21 1|b|
4|P 2c|P 1 1 21|c|
4|P 2xa|P 21 1 1|a|
5|C 2y|C 1 2 1|b1|
5|A 2y|A 1 2 1|b2|
5|I 2y|I 1 2 1|b3|
5|A 2|A 1 1 2|c1|
5|B 2|B 1 1 2|c2|
5|I 2|I 1 1 2|c3|
5|B 2x|B 2 1 1|a1|
5|C 2x|C 2 1 1|a2|
5|I 2x|I 2 1 1|a3|
6|P -2y|P 1 m 1|b|
6|P -2|P 1 1 m|c|
6|P -2x|P m 1 1|a|
7|P -2yc|P 1 c 1|b1|
7|P -2yac|P 1 n 1|b2|
7|P -2ya|P 1 a 1|b3|
7|P -2a|P 1 1 a|c1|
7|P -2ab|P 1 1 n|c2|
7|P -2b|P 1 1 b|c3|
7|P -2xb|P b 1 1|a1|
7|P -2xbc|P n 1 1|a2|
7|P -2xc|P c 1 1|a3|
8|C -2y|C 1 m 1|b1|
8|A -2y|A 1 m 1|b2|
8|I -2y|I 1 m 1|b3|
8|A -2|A 1 1 m|c1|
8|B -2|B 1 1 m|c2|
8|I -2|I 1 1 m|c3|
8|B -2x|B m 1 1|a1|
8|C -2x|C m 1 1|a2|
8|I -2x|I m 1 1|a3|
9|C -2yc|C 1 c 1|b1|
9|A -2yac|A 1 n 1|b2|
9|I -2ya|I 1 a 1|b3|
9|A -2ya|A 1 a 1|-b1|
9|C -2ybc|C 1 n 1|-b2|
9|I -2yc|I 1 c 1|-b3|
9|A -2a|A 1 1 a|c1|
9|B -2bc|B 1 1 n|c2|
9|I -2b|I 1 1 b|c3|
9|B -2b|B 1 1 b|-c1|
9|A -2ac|A 1 1 n|-c2|
9|I -2a|I 1 1 a|-c3|
9|B -2xb|B b 1 1|a1|
9|C -2xbc|C n 1 1|a2|
9|I -2xc|I c 1 1|a3|
9|C -2xc|C c 1 1|-a1|
9|B -2xbc|B n 1 1|-a2|
9|I -2xb|I b 1 1|-a3|
10|-P 2y|P 1 2/m 1|b|
10|-P 2|P 1 1 2/m|c|
10|-P 2x|P 2/m 1 1|a|
11|-P 2yb|P 1 21/m 1|b|
11|-P 2c|P 1 1 21/m|c|
11|-P 2xa|P 21/m 1 1|a|
12|-C 2y|C 1 2/m 1|b1|
12|-A 2y|A 1 2/m 1|b2|
12|-I 2y|I 1 2/m 1|b3|
12|-A 2|A 1 1 2/m|c1|
12|-B 2|B 1 1 2/m|c2|
12|-I 2|I 1 1 2/m|c3|
12|-B 2x|B 2/m 1 1|a1|
12|-C 2x|C 2/m 1 1|a2|
12|-I 2x|I 2/m 1 1|a3|
13|-P 2yc|P 1 2/c 1|b1|
13|-P 2yac|P 1 2/n 1|b2|
13|-P 2ya|P 1 2/a 1|b3|
13|-P 2a|P 1 1 2/a|c1|
13|-P 2ab|P 1 1 2/n|c2|
13|-P 2b|P 1 1 2/b|c3|
13|-P 2xb|P 2/b 1 1|a1|
13|-P 2xbc|P 2/n 1 1|a2|
13|-P 2xc|P 2/c 1 1|a3|
14|-P 2ybc|P 1 21/c 1|b1|
14|-P 2yn|P 1 21/n 1|b2|
14|-P 2yab|P 1 21/a 1|b3|
14|-P 2ac|P 1 1 21/a|c1|
14|-P 2n|P 1 1 21/n|c2|
14|-P 2bc|P 1 1 21/b|c3|
14|-P 2xab|P 21/b 1 1|a1|
14|-P 2xn|P 21/n 1 1|a2|
14|-P 2xac|P 21/c 1 1|a3|
15|-C 2yc|C 1 2/c 1|b1|
15|-A 2yac|A 1 2/n 1|b2|
15|-I 2ya|I 1 2/a 1|b3|
15|-A 2ya|A 1 2/a 1|-b1|
15|-C 2ybc|C 1 2/n 1|-b2|
15|-I 2yc|I 1 2/c 1|-b3|
15|-A 2a|A 1 1 2/a|c1|
15|-B 2bc|B 1 1 2/n|c2|
15|-I 2b|I 1 1 2/b|c3|
15|-B 2b|B 1 1 2/b|-c1|
15|-A 2ac|A 1 1 2/n|-c2|
15|-I 2a|I 1 1 2/a|-c3|
15|-B 2xb|B 2/b 1 1|a1|
15|-C 2xbc|C 2/n 1 1|a2|
15|-I 2xc|I 2/c 1 1|a3|
15|-C 2xc|C 2/c 1 1|-a1|
15|-B 2xbc|B 2/n 1 1|-a2|
15|-I 2xb|I 2/b 1 1|-a3|
16|P 2 2|P 2 2 2||
17|P 2c 2|P 2 2 21||
17|P 2a 2a|P 21 2 2|cab|
17|P 2 2b|P 2 21 2|bca|
18|P 2 2ab|P 21 21 2||
18|P 2bc 2|P 2 21 21|cab|
18|P 2ac 2ac|P 21 2 21|bca|
19|P 2ac 2ab|P 21 21 21||
20|C 2c 2|C 2 2 21||
20|A 2a 2a|A 21 2 2|cab|
20|B 2 2b|B 2 21 2|bca|
21|C 2 2|C 2 2 2||
21|A 2 2|A 2 2 2|cab|
21|B 2 2|B 2 2 2|bca|
22|F 2 2|F 2 2 2||
23|I 2 2|I 2 2 2||
24|I 2b 2c|I 21 21 21||
25|P 2 -2|P m m 2||
25|P -2 2|P 2 m m|cab|
25|P -2 -2|P m 2 m|bca|
26|P 2c -2|P m c 21||
26|P 2c -2c|P c m 21|ba-c|
26|P -2a 2a|P 21 m a|cab|
26|P -2 2a|P 21 a m|-cba|
26|P -2 -2b|P b 21 m|bca|
26|P -2b -2|P m 21 b|a-cb|
27|P 2 -2c|P c c 2||
27|P -2a 2|P 2 a a|cab|
27|P -2b -2b|P b 2 b|bca|
28|P 2 -2a|P m a 2||
28|P 2 -2b|P b m 2|ba-c|
28|P -2b 2|P 2 m b|cab|
28|P -2c 2|P 2 c m|-cba|
28|P -2c -2c|P c 2 m|bca|
28|P -2a -2a|P m 2 a|a-cb|
29|P 2c -2ac|P c a 21||
29|P 2c -2b|P b c 21|ba-c|
29|P -2b 2a|P 21 a b|cab|
29|P -2ac 2a|P 21 c a|-cba|
29|P -2bc -2c|P c 21 b|bca|
29|P -2a -2ab|P b 21 a|a-cb|
30|P 2 -2bc|P n c 2||
30|P 2 -2ac|P c n 2|ba-c|
30|P -2ac 2|P 2 n a|cab|
30|P -2ab 2|P 2 a n|-cba|
30|P -2ab -2ab|P b 2 n|bca|
30|P -2bc -2bc|P n 2 b|a-cb|
31|P 2ac -2|P m n 21||
31|P 2bc -2bc|P n m 21|ba-c|
31|P -2ab 2ab|P 21 m n|cab|
31|P -2 2ac|P 21 n m|-cba|
31|P -2 -2bc|P n 21 m|bca|
31|P -2ab -2|P m 21 n|a-cb|
32|P 2 -2ab|P b a 2||
32|P -2bc 2|P 2 c b|cab|
32|P -2ac -2ac|P c 2 a|bca|
33|P 2c -2n|P n a 21||
33|P 2c -2ab|P b n 21|ba-c|
33|P -2bc 2a|P 21 n b|cab|
33|P -2n 2a|P 21 c n|-cba|
33|P -2n -2ac|P c 21 n|bca|
33|P -2ac -2n|P n 21 a|a-cb|
34|P 2 -2n|P n n 2||
34|P -2n 2|P 2 n n|cab|
34|P -2n -2n|P n 2 n|bca|
35|C 2 -2|C m m 2||
35|A -2 2|A 2 m m|cab|
35|B -2 -2|B m 2 m|bca|
36|C 2c -2|C m c 21||
36|C 2c -2c|C c m 21|ba-c|
36|A -2a 2a|A 21 m a|cab|
36|A -2 2a|A 21 a m|-cba|
36|B -2 -2b|B b 21 m|bca|
36|B -2b -2|B m 21 b|a-cb|
37|C 2 -2c|C c c 2||
37|A -2a 2|A 2 a a|cab|
37|B -2b -2b|B b 2 b|bca|
38|A 2 -2|A m m 2||
38|B 2 -2|B m m 2|ba-c|
38|B -2 2|B 2 m m|cab|
38|C -2 2|C 2 m m|-cba|
38|C -2 -2|C m 2 m|bca|
38|A -2 -2|A m 2 m|a-cb|
39|A 2 -2c|A e m 2||A b m 2
39|B 2 -2c|B m e 2|ba-c|B m a 2
39|B -2c 2|B 2 e m|cab|B 2 c m
39|C -2b 2|C 2 m e|-cba|C 2 m b
39|C -2b -2b|C m 2 e|bca|C m 2 a
39|A -2c -2c|A e 2 m|a-cb|A c 2 m
40|A 2 -2a|A m a 2||
40|B 2 -2b|B b m 2|ba-c|
40|B -2b 2|B 2 m b|cab|
40|C -2c 2|C 2 c m|-cba|
40|C -2c -2c|C c 2 m|bca|
40|A -2a -2a|A m 2 a|a-cb|
41|A 2 -2ac|A e a 2||A b a 2
41|B 2 -2bc|B b e 2|ba-c|B b a 2
41|B -2bc 2|B 2 e b|cab|B 2 c b
41|C -2bc 2|C 2 c e|-cba|C 2 c b
41|C -2bc -2bc|C c 2 e|bca|C c 2 a
41|A -2ac -2ac|A e 2 a|a-cb|A c 2 a
42|F 2 -2|F m m 2||
42|F -2 2|F 2 m m|cab|
42|F -2 -2|F m 2 m|bca|
43|F 2 -2d|F d d 2||
43|F -2d 2|F 2 d d|cab|
43|F -2d -2d|F d 2 d|bca|
44|I 2 -2|I m m 2||
44|I -2 2|I 2 m m|cab|
44|I -2 -2|I m 2 m|bca|
45|I 2 -2c|I b a 2||
45|I -2a 2|I 2 c b|cab|
45|I -2b -2b|I c 2 a|bca|
46|I 2 -2a|I m a 2||
46|I 2 -2b|I b m 2|ba-c|
46|I -2b 2|I 2 m b|cab|
46|I -2c 2|I 2 c m|-cba|
46|I -2c -2c|I c 2 m|bca|
46|I -2a -2a|I m 2 a|a-cb|
47|-P 2 2|P m m m||
48|P 2 2 -1n|P n n n|1|
48|-P 2ab 2bc|P n n n|2|
49|-P 2 2c|P c c m||
49|-P 2a 2|P m a a|cab|
49|-P 2b 2b|P b m b|bca|
50|P 2 2 -1ab|P b a n|1|
50|-P 2ab 2b|P b a n|2|
50|P 2 2 -1bc|P n c b|1cab|
50|-P 2b 2bc|P n c b|2cab|
50|P 2 2 -1ac|P c n a|1bca|
50|-P 2a 2c|P c n a|2bca|
51|-P 2a 2a|P m m a||
51|-P 2b 2|P m m b|ba-c|
51|-P 2 2b|P b m m|cab|
51|-P 2c 2c|P c m m|-cba|
51|-P 2c 2|P m c m|bca|
51|-P 2 2a|P m a m|a-cb|
52|-P 2a 2bc|P n n a||
52|-P 2b 2n|P n n b|ba-c|
52|-P 2n 2b|P b n n|cab|
52|-P 2ab 2c|P c n n|-cba|
52|-P 2ab 2n|P n c n|bca|
52|-P 2n 2bc|P n a n|a-cb|
53|-P 2ac 2|P m n a||
53|-P 2bc 2bc|P n m b|ba-c|
53|-P 2ab 2ab|P b m n|cab|
53|-P 2 2ac|P c n m|-cba|
53|-P 2 2bc|P n c m|bca|
53|-P 2ab 2|P m a n|a-cb|
54|-P 2a 2ac|P c c a||
54|-P 2b 2c|P c c b|ba-c|
54|-P 2a 2b|P b a a|cab|
54|-P 2ac 2c|P c a a|-cba|
54|-P 2bc 2b|P b c b|bca|
54|-P 2b 2ab|P b a b|a-cb|
55|-P 2 2ab|P b a m||
55|-P 2bc 2|P m c b|cab|
55|-P 2ac 2ac|P c m a|bca|
56|-P 2ab 2ac|P c c n||
56|-P 2ac 2bc|P n a a|cab|
56|-P 2bc 2ab|P b n b|bca|
57|-P 2c 2b|P b c m||
57|-P 2c 2ac|P c a m|ba-c|
57|-P 2ac 2a|P m c a|cab|
57|-P 2b 2a|P m a b|-cba|
57|-P 2a 2ab|P b m a|bca|
57|-P 2bc 2c|P c m b|a-cb|
58|-P 2 2n|P n n m||
58|-P 2n 2|P m n n|cab|
58|-P 2n 2n|P n m n|bca|
59|P 2 2ab -1ab|P m m n|1|
59|-P 2ab 2a|P m m n|2|
59|P 2bc 2 -1bc|P n m m|1cab|
59|-P 2c 2bc|P n m m|2cab|
59|P 2ac 2ac -1ac|P m n m|1bca|
59|-P 2c 2a|P m n m|2bca|
60|-P 2n 2ab|P b c n||
60|-P 2n 2c|P c a n|ba-c|
60|-P 2a 2n|P n c a|cab|
60|-P 2bc 2n|P n a b|-cba|
60|-P 2ac 2b|P b n a|bca|
60|-P 2b 2ac|P c n b|a-cb|
61|-P 2ac 2ab|P b c a||
61|-P 2bc 2ac|P c a b|ba-c|
62|-P 2ac 2n|P n m a||
62|-P 2bc 2a|P m n b|ba-c|
62|-P 2c 2ab|P b n m|cab|
62|-P 2n 2ac|P c m n|-cba|
62|-P 2n 2a|P m c n|bca|
62|-P 2c 2n|P n a m|a-cb|
63|-C 2c 2|C m c m||
63|-C 2c 2c|C c m m|ba-c|
63|-A 2a 2a|A m m a|cab|
63|-A 2 2a|A m a m|-cba|
63|-B 2 2b|B b m m|bca|
63|-B 2b 2|B m m b|a-cb|
64|-C 2bc 2|C m c e||C m c a
64|-C 2bc 2bc|C c m e|ba-c|C c m b
64|-A 2ac 2ac|A e m a|cab|A b m a
64|-A 2 2ac|A e a m|-cba|A c a m
64|-B 2 2bc|B b e m|bca|B b c m
64|-B 2bc 2|B m e b|a-cb|B m a b
65|-C 2 2|C m m m||
65|-A 2 2|A m m m|cab|
65|-B 2 2|B m m m|bca|
66|-C 2 2c|C c c m||
66|-A 2a 2|A m a a|cab|
66|-B 2b 2b|B b m b|bca|
67|-C 2b 2|C m m e||C m m a
67|-C 2b 2b|C m m e|ba-c|C m m b
67|-A 2c 2c|A e m m|cab|A b m m
67|-A 2 2c|A e m m|-cba|A c m m
67|-B 2 2c|B m e m|bca|B m c m
67|-B 2c 2|B m e m|a-cb|B m a m
68|C 2 2 -1bc|C c c e|1|C c c a
68|-C 2b 2bc|C c c e|2|C c c a
68|C 2 2 -1bc|C c c e|1ba-c|C c c b
68|-C 2b 2c|C c c e|2ba-c|C c c b
68|A 2 2 -1ac|A e a a|1cab|A b a a
68|-A 2a 2c|A e a a|2cab|A b a a
68|A 2 2 -1ac|A e a a|1-cba|A c a a
68|-A 2ac 2c|A e a a|2-cba|A c a a
68|B 2 2 -1bc|B b e b|1bca|B b c b
68|-B 2bc 2b|B b e b|2bca|B b c b
68|B 2 2 -1bc|B b e b|1a-cb|B b a b
68|-B 2b 2bc|B b e b|2a-cb|B b a b
69|-F 2 2|F m m m||
70|F 2 2 -1d|F d d d|1|
70|-F 2uv 2vw|F d d d|2|
71|-I 2 2|I m m m||
72|-I 2 2c|I b a m||
72|-I 2a 2|I m c b|cab|
72|-I 2b 2b|I c m a|bca|
73|-I 2b 2c|I b c a||
73|-I 2a 2b|I c a b|ba-c|
74|-I 2b 2|I m m a||
74|-I 2a 2a|I m m b|ba-c|
74|-I 2c 2c|I b m m|cab|
74|-I 2 2b|I c m m|-cba|
74|-I 2 2a|I m c m|bca|
74|-I 2c 2|I m a m|a-cb|
75|P 4|P 4||
76|P 4w|P 41||
77|P 4c|P 42||
78|P 4cw|P 43||
79|I 4|I 4||
80|I 4bw|I 41||
81|P -4|P -4||
82|I -4|I -4||
83|-P 4|P 4/m||
84|-P 4c|P 42/m||
85|P 4ab -1ab|P 4/n|1|
85|-P 4a|P 4/n|2|
86|P 4n -1n|P 42/n|1|
86|-P 4bc|P 42/n|2|
87|-I 4|I 4/m||
88|I 4bw -1bw|I 41/a|1|
88|-I 4ad|I 41/a|2|
89|P 4 2|P 4 2 2||
90|P 4ab 2ab|P 4 21 2||
91|P 4w 2c|P 41 2 2||
92|P 4abw 2nw|P 41 21 2||
93|P 4c 2|P 42 2 2||
94|P 4n 2n|P 42 21 2||
95|P 4cw 2c|P 43 2 2||
96|P 4nw 2abw|P 43 21 2||
97|I 4 2|I 4 2 2||
98|I 4bw 2bw|I 41 2 2||
99|P 4 -2|P 4 m m||
100|P 4 -2ab|P 4 b m||
101|P 4c -2c|P 42 c m||
102|P 4n -2n|P 42 n m||
103|P 4 -2c|P 4 c c||
104|P 4 -2n|P 4 n c||
105|P 4c -2|P 42 m c||
106|P 4c -2ab|P 42 b c||
107|I 4 -2|I 4 m m||
108|I 4 -2c|I 4 c m||
109|I 4bw -2|I 41 m d||
110|I 4bw -2c|I 41 c d||
111|P -4 2|P -4 2 m||
112|P -4 2c|P -4 2 c||
113|P -4 2ab|P -4 21 m||
114|P -4 2n|P -4 21 c||
115|P -4 -2|P -4 m 2||
116|P -4 -2c|P -4 c 2||
117|P -4 -2ab|P -4 b 2||
118|P -4 -2n|P -4 n 2||
119|I -4 -2|I -4 m 2||
120|I -4 -2c|I -4 c 2||
121|I -4 2|I -4 2 m||
122|I -4 2bw|I -4 2 d||
123|-P 4 2|P 4/m m m||
124|-P 4 2c|P 4/m c c||
125|P 4 2 -1ab|P 4/n b m|1|
125|-P 4a 2b|P 4/n b m|2|
126|P 4 2 -1n|P 4/n n c|1|
126|-P 4a 2bc|P 4/n n c|2|
127|-P 4 2ab|P 4/m b m||
128|-P 4 2n|P 4/m n c||
129|P 4ab 2ab -1ab|P 4/n m m|1|
129|-P 4a 2a|P 4/n m m|2|
130|P 4ab 2n -1ab|P 4/n c c|1|
130|-P 4a 2ac|P 4/n c c|2|
131|-P 4c 2|P 42/m m c||
132|-P 4c 2c|P 42/m c m||
133|P 4n 2c -1n|P 42/n b c|1|
133|-P 4ac 2b|P 42/n b c|2|
134|P 4n 2 -1n|P 42/n n m|1|
134|-P 4ac 2bc|P 42/n n m|2|
135|-P 4c 2ab|P 42/m b c||
136|-P 4n 2n|P 42/m n m||
137|P 4n 2n -1n|P 42/n m c|1|
137|-P 4ac 2a|P 42/n m c|2|
138|P 4n 2ab -1n|P 42/n c m|1|
138|-P 4ac 2ac|P 42/n c m|2|
139|-I 4 2|I 4/m m m||
140|-I 4 2c|I 4/m c m||
141|I 4bw 2bw -1bw|I 41/a m d|1|
141|-I 4bd 2|I 41/a m d|2|
142|I 4bw 2aw -1bw|I 41/a c d|1|
142|-I 4bd 2c|I 41/a c d|2|
143|P 3|P 3||
144|P 31|P 31||
145|P 32|P 32||
146|R 3|R 3|H|
146|P 3*|R 3|R|
147|-P 3|P -3||
148|-R 3|R -3|H|
148|-P 3*|R -3|R|
149|P 3 2|P 3 1 2||
150|P 3 2"|P 3 2 1||
151|P 31 2c (0 0 1)|P 31 1 2||
152|P 31 2"|P 31 2 1||
153|P 32 2c (0 0 -1)|P 32 1 2||
154|P 32 2"|P 32 2 1||
155|R 3 2"|R 3 2|H|
155|P 3* 2|R 3 2|R|
156|P 3 -2"|P 3 m 1||
157|P 3 -2|P 3 1 m||
158|P 3 -2"c|P 3 c 1||
159|P 3 -2c|P 3 1 c||
160|R 3 -2"|R 3 m|H|
160|P 3* -2|R 3 m|R|
161|R 3 -2"c|R 3 c|H|
161|P 3* -2n|R 3 c|R|
162|-P 3 2|P -3 1 m||
163|-P 3 2c|P -3 1 c||
164|-P 3 2"|P -3 m 1||
165|-P 3 2"c|P -3 c 1||
166|-R 3 2"|R -3 m|H|
166|-P 3* 2|R -3 m|R|
167|-R 3 2"c|R -3 c|H|
167|-P 3* 2n|R -3 c|R|
168|P 6|P 6||
169|P 61|P 61||
170|P 65|P 65||
171|P 62|P 62||
172|P 64|P 64||
173|P 6c|P 63||
174|P -6|P -6||
175|-P 6|P 6/m||
176|-P 6c|P 63/m||
177|P 6 2|P 6 2 2||
178|P 61 2 (0 0 -1)|P 61 2 2||
179|P 65 2 (0 0 1)|P 65 2 2||
180|P 62 2c (0 0 1)|P 62 2 2||
181|P 64 2c (0 0 -1)|P 64 2 2||
182|P 6c 2c|P 63 2 2||
183|P 6 -2|P 6 m m||
184|P 6 -2c|P 6 c c||
185|P 6c -2|P 63 c m||
186|P 6c -2c|P 63 m c||
187|P -6 2|P -6 m 2||
188|P -6c 2|P -6 c 2||
189|P -6 -2|P -6 2 m||
190|P -6c -2c|P -6 2 c||
191|-P 6 2|P 6/m m m||
192|-P 6 2c|P 6/m c c||
193|-P 6c 2|P 63/m c m||
194|-P 6c 2c|P 63/m m c||
195|P 2 2 3|P 2 3||
196|F 2 2 3|F 2 3||
197|I 2 2 3|I 2 3||
198|P 2ac 2ab 3|P 21 3||
199|I 2b 2c 3|I 21 3||
200|-P 2 2 3|P m -3||
201|P 2 2 3 -1n|P n -3|1|
201|-P 2ab 2bc 3|P n -3|2|
202|-F 2 2 3|F m -3||
203|F 2 2 3 -1d|F d -3|1|
203|-F 2uv 2vw 3|F d -3|2|
204|-I 2 2 3|I m -3||
205|-P 2ac 2ab 3|P a -3||
206|-I 2b 2c 3|I a -3||
207|P 4 2 3|P 4 3 2||
208|P 4n 2 3|P 42 3 2||
209|F 4 2 3|F 4 3 2||
210|F 4d 2 3|F 41 3 2||
211|I 4 2 3|I 4 3 2||
212|P 4acd 2ab 3|P 43 3 2||
213|P 4bd 2ab 3|P 41 3 2||
214|I 4bd 2c 3|I 41 3 2||
215|P -4 2 3|P -4 3 m||
216|F -4 2 3|F -4 3 m||
217|I -4 2 3|I -4 3 m||
218|P -4n 2 3|P -4 3 n||
219|F -4c 2 3|F -4 3 c||
220|I -4bd 2c 3|I -4 3 d||
221|-P 4 2 3|P m -3 m||
222|P 4 2 3 -1n|P n -3 n|1|
222|-P 4a 2bc 3|P n -3 n|2|
223|-P 4n 2 3|P m -3 n||
224|P 4n 2 3 -1n|P n -3 m|1|
224|-P 4bc 2bc 3|P n -3 m|2|
225|-F 4 2 3|F m -3 m||
226|-F 4c 2 3|F m -3 c||
227|F 4d 2 3 -1d|F d -3 m|1|
227|-F 4vw 2vw 3|F d -3 m|2|
228|F 4d 2 3 -1cd|F d -3 c|1|
228|-F 4cvw 2vw 3|F d -3 c|2|
229|-I 4 2 3|I m -3 m||
230|-I 4bd 2c 3|I a -3 d||
`;
