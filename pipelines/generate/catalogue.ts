// The SCV product catalogue of the demo data: parent product lines (PPL), their models (PL) and their share of enquiries.

export interface ProductLine {
  ppl: string
  pl: string
  /** share of all enquiries, in per mille (sums to 1000) */
  share: number
}

export const PRODUCT_LINES: ProductLine[] = [
  { ppl: 'ACE', pl: 'Ace Gold Petrol', share: 120 },
  { ppl: 'ACE', pl: 'Ace Gold Diesel', share: 140 },
  { ppl: 'ACE', pl: 'Ace EV', share: 60 },
  { ppl: 'ACE', pl: 'Ace HT+', share: 80 },
  { ppl: 'INTRA', pl: 'Intra V10', share: 60 },
  { ppl: 'INTRA', pl: 'Intra V30', share: 90 },
  { ppl: 'INTRA', pl: 'Intra V50', share: 60 },
  { ppl: 'INTRA', pl: 'Intra V70', share: 40 },
  { ppl: 'YODHA', pl: 'Yodha 2.0', share: 90 },
  { ppl: 'YODHA', pl: 'Yodha CNG', share: 50 },
  { ppl: 'YODHA', pl: 'Yodha EX', share: 60 },
  { ppl: 'MAGIC', pl: 'Magic Express', share: 90 },
  { ppl: 'MAGIC', pl: 'Magic Bi-Fuel', share: 60 },
]
