//! The named rules of event coding, why a trigger can be dropped, and the windows (in tokens)
//! each rule looks through.

/// How an event's source and target were found: the rule that fired last for the pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// `Cambodia-US cooperation`: a hyphenated pair of countries before the trigger.
    CompoundPair,
    /// `talks between Russia and Ukraine`: a pair named right after the trigger.
    BetweenPair,
    /// `the two countries agreed`, `relations between both nations`: the last two countries named.
    PairAnaphor,
    /// `X was invited by Y`: Y acts on X.
    Passive,
    /// `Russia's invasion`, `US aid`: the owner right before a noun trigger.
    Possessor,
    /// `aid from Japan`, `an attack by Russia`: the agent after a noun trigger.
    Agent,
    /// `Cambodia voiced support`, `Japan halted its aid`: the subject of a light verb or of a
    /// stopping verb before a noun trigger.
    LightVerbSubject,
    /// The subject before the trigger, the first actor of another country after it.
    SubjectObject,
    /// Inside a quote with no actor named before the trigger: the speaker's country.
    QuoteSpeaker,
    /// `Cambodia and China will hold talks`: the partner of a coordinated subject.
    CoordinatedSubjects,
    /// A symmetric category (meet, agree, cooperate) with one side found: the sentence's other
    /// actor is the second.
    SymmetricSentenceActor,
    /// A stall or a denied event with one side found (`Russia has not committed any money`,
    /// `plans for a reactor in Cambodia have stalled`): the sentence's other actor, or else
    /// the country it names as a place, is the other side of what is in question.
    HedgeSentenceActor,
    /// `Cambodia rejected the accusation`: a rejected criticism with no country named is the
    /// last critic's, the source of the last conflictual event aimed at the rejecting side.
    RejectedCritic,
    /// `Cambodia's transport minister praised the speed of construction`: one side found and
    /// no other country in the sentence; the other is the country last named as an actor a
    /// sentence or two before. Weighs only in a pair the article relates by another rule.
    DiscourseActor,
}

impl Rule {
    pub const ALL: [Rule; 14] = [
        Rule::CompoundPair,
        Rule::BetweenPair,
        Rule::PairAnaphor,
        Rule::Passive,
        Rule::Possessor,
        Rule::Agent,
        Rule::LightVerbSubject,
        Rule::SubjectObject,
        Rule::QuoteSpeaker,
        Rule::CoordinatedSubjects,
        Rule::SymmetricSentenceActor,
        Rule::HedgeSentenceActor,
        Rule::RejectedCritic,
        Rule::DiscourseActor,
    ];

    /// Whether the rule read the pair from words that name the relation (`X-Y relations`,
    /// `between X and Y`, `the two countries`) rather than from one actor acting on another.
    pub fn names_the_relation(self) -> bool {
        matches!(
            self,
            Rule::CompoundPair | Rule::BetweenPair | Rule::PairAnaphor
        )
    }

    /// The rule's name, as `explain` and `eval` print it.
    pub fn name(self) -> &'static str {
        match self {
            Rule::CompoundPair => "compound-pair",
            Rule::BetweenPair => "between-pair",
            Rule::PairAnaphor => "the-two-countries",
            Rule::Passive => "passive-agent",
            Rule::Possessor => "possessor",
            Rule::Agent => "by-agent",
            Rule::LightVerbSubject => "light-verb-subject",
            Rule::SubjectObject => "subject-object",
            Rule::QuoteSpeaker => "quote-speaker",
            Rule::CoordinatedSubjects => "coordinated-subjects",
            Rule::SymmetricSentenceActor => "symmetric-sentence-actor",
            Rule::HedgeSentenceActor => "hedge-sentence-actor",
            Rule::RejectedCritic => "rejected-critic",
            Rule::DiscourseActor => "discourse-actor",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a trigger gave no event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drop {
    /// A capitalised trigger inside a run of capitalised words: part of a name.
    ProperName,
    /// A phrase that starts with a trigger but reports no event (`a sign of`).
    NotEvent,
    /// A passive (`was detained`) with no `by X`: the actor is unknown.
    PassiveWithoutAgent,
    /// No source found.
    NoSource,
    /// No target found.
    NoTarget,
    /// Source and target are the same country.
    SameCountry,
    /// A stopping verb (`withdrew`) over a later trigger, which carries the event.
    ReversalVerb,
    /// A stall verb (`the memorandum has stalled`) whose subject is an earlier trigger, which
    /// carries the event as a stall.
    StallOfEarlier,
    /// `denied that …`, `denied reports that …`: a denial of a claim, no act toward a country.
    DeniedClaim,
}

impl Drop {
    pub fn reason(self) -> &'static str {
        match self {
            Drop::ProperName => "part of a proper name",
            Drop::NotEvent => "a phrase that reports no event",
            Drop::PassiveWithoutAgent => "a passive without `by X`",
            Drop::NoSource => "no source found",
            Drop::NoTarget => "no target found",
            Drop::SameCountry => "source and target are one country",
            Drop::ReversalVerb => "a stopping verb: the trigger after it carries the event",
            Drop::DeniedClaim => "a denial of a claim, no act toward a country",
            Drop::StallOfEarlier => "a stall verb: the trigger it stalls carries the event",
        }
    }
}

/// A trigger that gave no event, for the audit view.
#[derive(Clone, Debug, PartialEq)]
pub struct Dropped {
    pub sentence: u32,
    pub category: usize,
    pub trigger: dyad_model::Span,
    pub why: Drop,
}

/// How far (in tokens) each rule looks.
pub mod window {
    /// The object: at most this far after the trigger (and before the next trigger).
    pub const OBJECT: usize = 20;
    /// `Cambodia-US …`: the hyphenated pair at most this far before the trigger.
    pub const COMPOUND: usize = 9;
    /// `between`: at most this far after the trigger; each country of the pair at most
    /// `BETWEEN_MEMBER` after `between` and `and`.
    pub const BETWEEN: usize = 2;
    pub const BETWEEN_MEMBER: usize = 4;
    /// `the two countries` as the subject: at most this far before the trigger, or after it.
    pub const PAIR_BEFORE: usize = 12;
    pub const PAIR_AFTER: usize = 5;
    /// `by X` / `from X`: `by` within this many tokens of the trigger, X within as many of `by`.
    pub const AGENT: usize = 3;
    /// A light verb's end at most this far before its noun trigger (`voiced strong support`).
    pub const LIGHT_VERB: usize = 4;
    /// `the country` at most this far after the trigger.
    pub const THE_COUNTRY: usize = 4;
    /// A stall verb (`has stalled`, `was postponed`) at most this far after the noun trigger
    /// that is its subject.
    pub const STALLED_SUBJECT: usize = 12;
    /// `one of China's closest partners`: `one of` at most this far before the trigger.
    pub const EPITHET: usize = 5;
    /// A stopping or harming verb's end at most this far before the trigger it reverses.
    pub const REVERSAL: usize = 3;
    /// A negation cue's end at most this far before the trigger.
    pub const NEGATION: usize = 3;
    /// A modal or intention at most this far before the trigger, or a modal this far after.
    pub const HYPOTHETICAL_BEFORE: usize = 6;
    /// The most words of one item of a list (`trade, education and nuclear energy`).
    pub const LIST_ITEM: usize = 3;
    /// How many mentions back `the two countries`, `our countries` and `the country` look for
    /// the countries they refer to.
    pub const MENTIONS_BACK: usize = 64;
    /// How many sentences back the other side of a one-sided event is sought.
    pub const DISCOURSE: usize = 2;
    pub const HYPOTHETICAL_AFTER: usize = 5;
    /// What dates an event lies at most this many tokens before or after its trigger.
    pub const HISTORY_BEFORE: usize = 8;
    pub const HISTORY_AFTER: usize = 4;
    /// `trained dozens of deminers in 2023`: `in` + an earlier year at most this far after the
    /// trigger, in its clause.
    pub const PAST_YEAR_AFTER: usize = 8;
}
