// src/views/member/member.ts: the member record as the API sends it.
export interface Member {
  id: number;
  name: string;
  gender: 'male' | 'female';
  ethnicity: string;
  /** only for roles with member.id_number; others get birth_year alone */
  birth_date?: string | null;
  birth_year: number | null;
  /** masked (620102************) for every role; the whole number comes from the reveal */
  id_number: string | null;
  committee_id: number;
  committee_name?: string;
  sector_id: number | null;
  sector_name?: string | null;
  party_id: number | null;
  party_name?: string | null;
  special_committee_id: number | null;
  special_committee_name?: string | null;
  group_id: number | null;
  group_name?: string | null;
  is_standing: boolean;
  term: number | null;
  occupation: string;
  /** whole on one record for the member and the staff who contact members; masked in lists */
  phone: string;
  status: 'active' | 'suspended' | 'resigned' | 'deceased';
  created_at?: string;
  updated_at?: string;
}

export const GENDERS = ['male', 'female'] as const;
export const STATUSES = ['active', 'suspended', 'resigned', 'deceased'] as const;

/** The fields a member form edits, in order. */
export const MEMBER_FIELDS = ['name', 'gender', 'ethnicity', 'birth_date', 'id_number', 'committee_id', 'sector_id',
  'party_id', 'special_committee_id', 'group_id', 'is_standing', 'term', 'occupation', 'phone', 'status'] as const;

/** Whether an ID number (or a phone) is the masked form (620102************, 139****5678). */
export const isMasked = (s: string | null | undefined) => !!s && s.includes('*');
