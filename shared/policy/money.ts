// Money is integer fen. Yuan appear only at the edges: the documents state caps and steps in whole yuan.

export const FEN_PER_YUAN = 100

export const yuanToFen = (yuan: number): number => yuan * FEN_PER_YUAN

/** Whole for every cap figure (whole-yuan bases, 2% / 20% steps); fractional yuan only for contributions. */
export const fenToYuan = (fen: number): number => fen / FEN_PER_YUAN

export const fenToYuanOrNull = (fen: number | null): number | null => (fen === null ? null : fen / FEN_PER_YUAN)

/** percent of an amount in fen, rounded down to whole fen (exact for whole-yuan bases and whole percents) */
export const percentOfFen = (fen: number, percent: number): number => Math.floor((fen * percent) / 100)
