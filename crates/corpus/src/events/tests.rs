//! One table per rule: a sentence of its own → (source, target, category, rule, flags), and
//! sentences where the rule must not fire.

use super::*;
use crate::analyze::{analyze, Analysis, Options};

fn analysis(body: &str) -> Analysis {
    let file = format!("---\ntitle: T\nsource: S\ndate: 2024-05-01\n---\n{body}");
    let src = crate::source::parse_article("t.txt", "t.txt", file.as_bytes())
        .expect("parses")
        .0;
    analyze(&Options::default(), src)
}

/// Every event of a text as `source target category rule flags`, e.g. `KH CN aid possessor -`.
fn coded(body: &str) -> Vec<String> {
    let an = analysis(body);
    let cb = Codebook::builtin();
    an.events
        .iter()
        .map(|e| {
            let mut flags = String::new();
            for (on, f) in [
                (e.flags.negated, 'N'),
                (e.flags.hypothetical, 'H'),
                (e.flags.historical, 'P'),
            ] {
                if on {
                    flags.push(f);
                }
            }
            if flags.is_empty() {
                flags.push('-');
            }
            format!(
                "{} {} {} {} {flags}",
                cb.countries[e.source].code,
                cb.countries[e.target].code,
                cb.categories[e.category].id,
                e.rule
            )
        })
        .collect()
}

fn dropped(body: &str) -> Vec<Drop> {
    analysis(body).dropped.iter().map(|d| d.why).collect()
}

/// Each row: a sentence and the events it must give (flags: N negated, H hypothetical,
/// P historical, - none).
fn table(rows: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (sentence, want) in rows {
        let got = coded(sentence);
        if got != *want {
            failures.push(format!("{sentence}\n   want {want:?}\n   got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn compound_pair() {
    table(&[
        (
            "Officials praised Cambodia-China cooperation.",
            &["KH CN cooperate compound-pair -"],
        ),
        (
            "US-Cambodia relations have improved.",
            &["US KH support compound-pair -"],
        ),
        // A comma ends the compound's reach.
        (
            "Cambodia-China, officials said, will cooperate with Japan.",
            &["CN JP cooperate subject-object H"],
        ),
    ]);
}

#[test]
fn between_pair() {
    table(&[
        (
            "The talks between Russia and Ukraine ended.",
            &["RU UA consult between-pair -"],
        ),
        ("Nothing was agreed between the delegations.", &[]),
    ]);
}

#[test]
fn pair_anaphor() {
    table(&[
        (
            "Cambodia welcomed China's envoy. The two countries signed a memorandum.",
            &[
                "KH CN support subject-object -",
                "KH CN agree the-two-countries -",
                "KH CN agree the-two-countries -",
            ],
        ),
        // `our countries` in a quote works the same way.
        (
            "Cambodia welcomed Japan's envoy. “This damages trust between our countries,” Hun Manet said.",
            &[
                "KH JP support subject-object -",
                "KH JP reduce the-two-countries -",
            ],
        ),
        // Only one country named before: no pair.
        ("Cambodia said the two countries signed a memorandum.", &[]),
    ]);
}

#[test]
fn passive_agent() {
    table(&[
        (
            "Cambodia was invited by China to the forum.",
            &["CN KH appeal passive-agent -"],
        ),
        ("Cambodia was invited to the forum.", &[]),
    ]);
    assert_eq!(
        dropped("Cambodia was invited to the forum."),
        vec![Drop::PassiveWithoutAgent]
    );
}

#[test]
fn possessor() {
    table(&[
        (
            "Russia's invasion of Ukraine continued.",
            &["RU UA assault possessor -"],
        ),
        ("Japanese aid reached Cambodia.", &["JP KH aid possessor -"]),
        // A place owns nothing.
        ("The aid arrived in Cambodia.", &[]),
    ]);
}

#[test]
fn by_agent() {
    table(&[
        (
            "The attack by Russia on Ukraine drew protests.",
            &["RU UA assault by-agent -"],
        ),
        (
            "The aid from Japan reached Cambodia.",
            &["JP KH aid by-agent -"],
        ),
        ("The aid reached Cambodia.", &[]),
    ]);
}

#[test]
fn light_verb_subject() {
    table(&[
        (
            "Cambodia voiced strong support for Ukraine.",
            &["KH UA support light-verb-subject -"],
        ),
        // A verb of speech with a noun object is a light verb.
        (
            "The Chinese embassy announced a grant for Cambodia.",
            &["CN KH aid light-verb-subject -"],
        ),
        (
            "China announced that aid would reach Cambodia.",
            &["CN KH aid possessor H"],
        ),
        // No light verb: the noun has no subject.
        ("Strong support for Ukraine was visible.", &[]),
    ]);
}

#[test]
fn subject_object() {
    table(&[
        ("China helped Cambodia.", &["CN KH aid subject-object -"]),
        // The subject is no preposition's object.
        (
            "In talks with Japan, Cambodia thanked China.",
            &[
                "KH JP consult symmetric-sentence-actor -",
                "KH CN support subject-object -",
            ],
        ),
        ("China helped farmers.", &[]),
    ]);
    assert_eq!(dropped("China helped farmers."), vec![Drop::NoTarget]);
}

#[test]
fn quote_speaker() {
    table(&[
        (
            "“We will help the people of Ukraine,” Hun Manet said.",
            &["KH UA aid subject-object H"],
        ),
        (
            "“Thank you, Ukraine,” Hun Manet said.",
            &["KH UA support quote-speaker -"],
        ),
        // An unattributed quote has no speaker to stand for.
        ("“Thank you, Ukraine,” a banner read.", &[]),
        // What a speaker says of another country, no one else named, is said of their own
        // country's relation with it.
        (
            "Hun Manet said: “China has always supported the project.”",
            &["CN KH support quote-speaker -"],
        ),
        (
            "A banner read: “China has always supported the project.”",
            &[],
        ),
    ]);
}

#[test]
fn coordinated_subjects() {
    table(&[
        (
            "Cambodia and China will hold drills.",
            &["CN KH cooperate coordinated-subjects H"],
        ),
        ("Cambodia held drills.", &[]),
    ]);
}

#[test]
fn symmetric_sentence_actor() {
    table(&[
        (
            "Talks were held, Japan and officials from Cambodia said.",
            &["KH JP consult symmetric-sentence-actor -"],
        ),
        // A directed category takes no sentence actor.
        ("Aid was sent, Japan and Cambodia said.", &[]),
    ]);
}

#[test]
fn flags_and_drops() {
    table(&[
        (
            "Cambodia did not sanction Russia.",
            &["KH RU sanction subject-object N"],
        ),
        (
            "Cambodia may sanction Russia.",
            &["KH RU sanction subject-object H"],
        ),
        // What is in question is not established.
        (
            "The freeze raised questions about a programme under which Cambodia trains Ukrainian deminers.",
            &["KH UA aid possessor H"],
        ),
        // To explore something is not yet to do it.
        (
            "Cambodia agreed to explore cooperation with Japan.",
            &[
                "KH JP agree symmetric-sentence-actor -",
                "KH JP cooperate subject-object H",
            ],
        ),
        // Nor is to discuss it: a topic of talks is not an act.
        (
            "Cambodian officials met Japan's envoy to discuss cooperation.",
            &[
                "KH JP consult subject-object -",
                "JP KH consult symmetric-sentence-actor -",
                "JP KH cooperate symmetric-sentence-actor H",
            ],
        ),
        // The cue reaches across the commas of a list, not across a clause's.
        (
            "Cambodian officials met Japan's envoy to discuss trade, education and energy cooperation.",
            &[
                "KH JP consult subject-object -",
                "JP KH consult symmetric-sentence-actor -",
                "JP KH cooperate symmetric-sentence-actor H",
            ],
        ),
        (
            "In 1979, Vietnam invaded Cambodia.",
            &["VN KH assault subject-object P"],
        ),
        // What happened last year is background to the story, as what happened years ago.
        (
            "Ukraine thanked Cambodia last year for its help.",
            &["UA KH support subject-object P"],
        ),
        (
            "Cambodia has trained Ukrainian deminers since last year.",
            &["KH UA aid subject-object -"],
        ),
        // A historical cue dates the events of its own clause only.
        (
            "Japan cut aid to Cambodia decades ago, but it now supports Cambodia.",
            &[
                "JP KH reduce subject-object P",
                "JP KH support subject-object -",
            ],
        ),
        // `in` + an earlier year than the article's (2024) dates the event; a year that only
        // names a thing (`a 2023 memorandum`) does not.
        (
            "Cambodian instructors trained dozens of Ukrainian deminers in 2023.",
            &["KH UA aid subject-object P"],
        ),
        (
            "In 2022, Japan sent aid to Cambodia.",
            &["JP KH aid subject-object P"],
        ),
        (
            "A 2023 memorandum between Cambodia and Japan was signed.",
            &["KH JP agree between-pair -"],
        ),
        // The year dates another verb's event: `suspended in 2022`.
        (
            "Japan agreed to resume aid to Cambodia suspended in 2022.",
            &[
                "JP KH agree symmetric-sentence-actor -",
                "JP KH aid subject-object -",
            ],
        ),
    ]);
    assert_eq!(
        dropped("Cambodia saw a sign of warming with China."),
        vec![Drop::NotEvent]
    );
    assert_eq!(
        dropped("The Victim Assistance Authority met in Cambodia."),
        vec![Drop::ProperName, Drop::NoSource]
    );
}

#[test]
fn every_rule_has_a_table() {
    // The tables above name each rule once at least; a new rule needs its own.
    let src = include_str!("tests.rs");
    for rule in Rule::ALL {
        assert!(src.contains(&format!(" {} ", rule.name())), "{rule}");
    }
}

#[test]
fn stopping_and_harming_verbs_reverse_cooperation() {
    table(&[
        (
            "Japan suspended funding for Cambodia.",
            &["JP KH reduce subject-object -"],
        ),
        (
            "Japan halted all of its support to Cambodia.",
            &["JP KH reduce light-verb-subject -"],
        ),
        (
            "The arrests damage trust between Japan and Cambodia.",
            &["JP KH reduce between-pair -"],
        ),
        // The reversal reaches a trigger in the complement of the noun it reverses.
        (
            "Japan suspended funding for a police training programme in Cambodia.",
            &["JP KH reduce subject-object -"],
        ),
        // Not across a comma, nor from a noun it does not reverse.
        (
            "Japan suspended funding, and training for Cambodia continues.",
            &["JP KH aid subject-object -"],
        ),
        (
            "Japan announced funding for a police training programme in Cambodia.",
            &["JP KH aid subject-object -"],
        ),
        // What a demand asks for has not happened; a harm verb reverses cooperation.
        (
            "The envoy demanded that Cambodia end its cooperation with Russia.",
            &["KH RU cooperate possessor H"],
        ),
        (
            "China warned that the case could affect cooperation with Cambodia.",
            &["CN KH reduce subject-object H"],
        ),
        // A modal after `and` belongs to the next predicate.
        (
            "Japan sent aid to Cambodia and would restrict visas for Cambodian officials.",
            &[
                "JP KH aid subject-object -",
                "JP KH sanction subject-object H",
            ],
        ),
        // A stopping verb that is a trigger itself gives way to the noun it reverses.
        (
            "Japan withdrew support for Cambodia.",
            &["JP KH reduce subject-object -"],
        ),
        // Far from the trigger or across a comma, no reversal.
        (
            "Japan suspended its envoy, and helped Cambodia.",
            &["JP KH aid subject-object -"],
        ),
        // Conflict stays conflict.
        (
            "Japan halted the attack on Cambodia.",
            &["JP KH assault light-verb-subject -"],
        ),
    ]);
    assert!(dropped("Japan withdrew support for Cambodia.").contains(&Drop::ReversalVerb));
}

#[test]
fn negation_by_control_verbs_and_its_scope() {
    table(&[
        (
            "Japan refused to attend talks with Cambodia.",
            &[
                "JP KH consult symmetric-sentence-actor N",
                "JP KH consult subject-object N",
            ],
        ),
        (
            "Japan failed to deliver aid to Cambodia.",
            &[
                "JP KH aid hedge-sentence-actor N",
                "JP KH aid subject-object N",
            ],
        ),
        // The scope ends at the negated verb: the pressure is real.
        (
            "Cambodia would not bow to pressure from Japan.",
            &["JP KH disapprove by-agent H"],
        ),
        // Nor does it reach a trigger owned by another: the help is real.
        (
            "Ukraine has not forgotten Cambodia's help to Ukrainian deminers.",
            &["KH UA aid possessor -"],
        ),
        (
            "Ukraine has not accepted help from Cambodia.",
            &["UA KH aid subject-object N"],
        ),
        // Right after the negation, a preposition's phrase is negated itself.
        (
            "Cambodia is not under embargo from Japan.",
            &["JP KH sanction by-agent N"],
        ),
    ]);
}

#[test]
fn an_appeal_to_cooperate_is_no_demand() {
    table(&[
        (
            "Japan called on Cambodia to deepen ties.",
            &["JP KH appeal subject-object -"],
        ),
        (
            "Japan called on Cambodia to cooperate on trade.",
            &[
                "JP KH appeal subject-object -",
                "JP KH cooperate symmetric-sentence-actor -",
            ],
        ),
        // Urging another to yield is a demand; urging it to cooperate an appeal.
        (
            "China urged Cambodia to take decisive measures against the gangs.",
            &["CN KH demand subject-object -"],
        ),
        (
            "China urged Cambodia to deepen ties.",
            &["CN KH appeal subject-object -"],
        ),
        (
            "China urged restraint on Cambodia.",
            &["CN KH appeal subject-object -"],
        ),
        // A call to yield something is a demand.
        (
            "Japan called on Cambodia to release the sailors.",
            &["JP KH demand subject-object -"],
        ),
    ]);
}

#[test]
fn general_event_classes() {
    table(&[
        (
            "Japan imposed visa restrictions on Cambodian officials.",
            &["JP KH sanction subject-object -"],
        ),
        // A feeling's participle without `by`: its subject feels it.
        (
            "Japan was disappointed with Cambodia's vote.",
            &["JP KH disapprove subject-object -"],
        ),
        ("Cambodia's vote was welcomed.", &[]),
        // A feeling's passive: the one alarmed is the source.
        (
            "Japan said it was alarmed by Cambodia's decision.",
            &["JP KH disapprove passive-agent -"],
        ),
        // With no other actor, the owner of the next trigger is the object.
        (
            "Cambodia hailed Japan's help.",
            &["KH JP support subject-object -"],
        ),
        (
            "Two Japanese warships docked at Cambodia's main port.",
            &["JP KH cooperate subject-object -"],
        ),
        (
            "Japan delayed its payments to Cambodia.",
            &["JP KH stall subject-object -"],
        ),
        (
            "Japan stalled on its payments to Cambodia.",
            &["JP KH stall subject-object -"],
        ),
        // A business concession (a contract) is no political concession; concessions are.
        (
            "A Chinese company built the road for Cambodia under a 50-year concession.",
            &[],
        ),
        (
            "China made concessions to Cambodia.",
            &["CN KH concede subject-object -"],
        ),
        // Attending, restoring, deporting: general event classes.
        (
            "A Chinese minister attended the ceremony alongside Cambodian officials.",
            &["CN KH consult subject-object -"],
        ),
        (
            "Cambodia and Russia restored direct flights.",
            &["RU KH cooperate coordinated-subjects -"],
        ),
        (
            "Cambodian police deported 60 Russian nationals.",
            &["KH RU coerce subject-object -"],
        ),
        // A market stallholder is no stall.
        ("A Cambodian stallholder sold Japanese fruit.", &[]),
        // Friendship, frustration and gifts: praise, concern and aid.
        // A friend is a standing relation: background (`an_epithet_of_partnership…`).
        (
            "Japan is a traditional friend of Cambodia.",
            &["JP KH support subject-object P"],
        ),
        (
            "Cambodia expressed frustration with Japan.",
            &["KH JP disapprove subject-object -"],
        ),
        (
            "The clinic was a gift from Japan to Cambodia.",
            &["JP KH aid by-agent -"],
        ),
        // A friend of a person is no relation of countries.
        ("A Japanese friend of the singer visited.", &[]),
    ]);
    // A crime named by a trigger word (`investment scams`) is no event.
    assert_eq!(
        dropped("Russian nationals ran investment scams from Cambodia."),
        vec![Drop::NotEvent]
    );
    // Boilerplate of reporting: no event.
    assert_eq!(
        dropped("The Japanese embassy did not respond to a request for comment from Cambodia."),
        vec![Drop::NotEvent]
    );
}

#[test]
fn a_stall_verb_over_a_cooperative_noun() {
    table(&[
        (
            "A memorandum between Cambodia and Russia has stalled.",
            &["KH RU stall between-pair -"],
        ),
        (
            "A meeting of the Cambodia-Russia commission was postponed twice.",
            &["RU KH stall symmetric-sentence-actor -"],
        ),
        (
            "A 2023 memorandum on a Russian-designed reactor for Cambodia has stalled.",
            &["KH RU stall symmetric-sentence-actor -"],
        ),
        // A stall noun (`despite delays`) is no verb over the trigger.
        (
            "Cambodia signed an agreement with China despite delays.",
            &[
                "KH CN agree symmetric-sentence-actor -",
                "KH CN agree light-verb-subject -",
                "KH CN stall hedge-sentence-actor -",
            ],
        ),
        // Across a comma and `but`, the stall is a clause of its own.
        (
            "Cambodia and China signed an agreement, but the talks stalled.",
            &[
                "CN KH agree coordinated-subjects -",
                "CN KH agree coordinated-subjects -",
            ],
        ),
    ]);
    assert!(
        dropped("A memorandum between Cambodia and Russia has stalled.")
            .contains(&Drop::StallOfEarlier)
    );
}

#[test]
fn an_epithet_of_partnership_is_background() {
    table(&[
        (
            "Cambodia, one of China's closest partners, hosted the forum.",
            &[
                "CN KH cooperate symmetric-sentence-actor P",
                "KH CN consult symmetric-sentence-actor -",
            ],
        ),
        (
            "The rebuke of one of Beijing's closest allies surprised Cambodia.",
            &["CN KH cooperate possessor P"],
        ),
        // `one of` over an event noun is a current event.
        (
            "Russia launched one of its largest attacks on Ukraine.",
            &["RU UA assault subject-object -"],
        ),
        // A relation noun owned or predicated names the standing relation as well.
        (
            "“We have never ignored a request from our Chinese friends,” Cambodian minister Sok said.",
            &["CN KH support possessor P"],
        ),
        (
            "Japan thanked its Cambodian partners.",
            &["KH JP cooperate symmetric-sentence-actor P"],
        ),
        // The praise beside the epithet stays an act.
        (
            "Cambodia praised Japan, its largest partner.",
            &["KH JP support subject-object -"],
        ),
    ]);
}

#[test]
fn the_object_search_stops_at_according_to_and_appositives() {
    table(&[
        (
            "Russia promised more aid, according to Cambodian officials.",
            &[],
        ),
        (
            "Russia sent aid to Vietnam, according to Cambodian officials.",
            &["RU VN aid subject-object -"],
        ),
        // Nor does it enter an appositive or a relative clause after a comma.
        (
            "Russian shelling killed thousands, a legacy that still colours how Cambodians view Moscow.",
            &[],
        ),
        (
            "Russia sent aid, which Cambodian officials welcomed.",
            &[],
        ),
    ]);
}

#[test]
fn a_which_clause_has_its_own_subject() {
    table(&[
        // The actor only modifies the noun before `which`: no subject.
        (
            "Cambodia runs a programme for Ukrainian deminers, which is partly funded by Japan.",
            &[],
        ),
        // The actor right before `which` is its subject.
        (
            "Aid reached Ukraine, which thanked Japan.",
            &["UA JP support subject-object -"],
        ),
    ]);
}

#[test]
fn the_two_governments_and_places_inside_names() {
    table(&[
        (
            "Cambodia welcomed Japan's envoy. The two governments signed a memorandum.",
            &[
                "KH JP support subject-object -",
                "KH JP agree the-two-countries -",
                "KH JP agree the-two-countries -",
            ],
        ),
        (
            "Cambodia welcomed Japan's envoy at a port on the Gulf of Thailand. The two countries signed a memorandum.",
            &[
                "KH JP support subject-object -",
                "KH JP agree the-two-countries -",
                "KH JP agree the-two-countries -",
            ],
        ),
        // A country after `of` and a place adjective is a preposition's object, no subject.
        ("American bombing of eastern Cambodia killed thousands.", &[]),
        // `two governments` without a determiner introduces a pair: no anaphor.
        (
            "Cambodia welcomed Japan's envoy. Two governments signed a memorandum.",
            &["KH JP support subject-object -"],
        ),
        // `several` is no `sever`.
        (
            "Cambodia hosted China's police chief. Police from the two countries carried out several joint operations.",
            &["KH CN consult subject-object -"],
        ),
    ]);
}

#[test]
fn a_person_introduced_with_a_country_acts_for_it() {
    table(&[
        // Named again alone, the spokesperson of the embassy named before acts for its country.
        (
            "The Japanese embassy said it was concerned.\n\n“We are watching,” embassy spokesperson Mara Lindqvist said. Lindqvist urged Cambodia to drop the case.",
            &["JP KH demand subject-object -"],
        ),
        // A role noun in apposition: the envoy named before with a country.
        (
            "Japan's special envoy arrived.\n\nThe envoy, Aiko Sato, met officials. “We are disappointed,” Sato said of Cambodia's vote.",
            &["JP KH disapprove subject-object -"],
        ),
        // A title in apposition: `China's ambassador, Gao Mingyu,`.
        (
            "China's ambassador, Gao Mingyu, attended. Gao said he was pleased. Gao praised Cambodia.",
            &["CN KH support subject-object -"],
        ),
        // Not after an introductory phrase that ends in a title.
        (
            "After meeting China's ambassador, Gao Mingyu said he was pleased. Gao praised Cambodia.",
            &[],
        ),
        // An unknown person stays unknown.
        ("Lindqvist urged Cambodia to drop the case.", &[]),
    ]);
}

#[test]
fn a_denied_claim_is_no_act() {
    table(&[
        (
            "Cambodia denied that it would let Chinese troops use the base.",
            &[],
        ),
        (
            "Cambodia dismissed reports that China would station troops there.",
            &[],
        ),
        // Where the claim was made does not make the denial an act.
        (
            "Cambodia denied reports in foreign media that China would station troops there.",
            &[],
        ),
        // A denial of help is an act, whatever follows.
        (
            "Cambodia denied China access to the port, saying that it was closed.",
            &["KH CN reject subject-object -"],
        ),
        // Rejecting another's request is an act toward it.
        (
            "Cambodia rejected China's request.",
            &["KH CN reject subject-object -"],
        ),
    ]);
    assert!(
        dropped("Cambodia denied that it would let Chinese troops use the base.")
            .contains(&Drop::DeniedClaim)
    );
}

#[test]
fn a_pluperfect_state_is_background() {
    table(&[
        (
            "The programme had been one of the last areas of cooperation between Japan and Cambodia.",
            &["JP KH cooperate between-pair P"],
        ),
        // A pluperfect passive is an event: `had been postponed`.
        (
            "Japan's aid to Cambodia had been delayed twice this year.",
            &["JP KH stall possessor -"],
        ),
        (
            "The programme is one of the last areas of cooperation between Japan and Cambodia.",
            &["JP KH cooperate between-pair -"],
        ),
    ]);
}

#[test]
fn hedge_sentence_actor() {
    table(&[
        (
            "Plans for a Russian-designed reactor in Cambodia have stalled.",
            &["RU KH stall hedge-sentence-actor -"],
        ),
        (
            "Cambodian officials said Russia has not committed any money to the project.",
            &["RU KH appeal hedge-sentence-actor N"],
        ),
        // A negated stall is no hedge.
        (
            "China urged Cambodian police to act without delay.",
            &["CN KH demand subject-object -"],
        ),
        // A current event with one side stays without a pair.
        (
            "Cambodian officials said Russia committed money to the project.",
            &[],
        ),
    ]);
}

#[test]
fn an_institution_named_again_acts_for_its_country() {
    table(&[
        (
            "Cambodia's foreign ministry met the envoy. The ministry rejected Japan's demand.",
            &["KH JP reject subject-object -"],
        ),
        // In a story filed from a datelined place, its government; an embassy is no dateline's.
        (
            "PHNOM PENH — A government spokesman thanked Japan.",
            &["KH JP support subject-object -"],
        ),
        ("PHNOM PENH — The embassy thanked Japan.", &[]),
        (
            "PHNOM PENH — Japan, the main backer of the new government, trained Cambodian police.",
            &["JP KH aid subject-object -"],
        ),
        // A minister named again by the title: `Foreign Minister X`, `the minister`.
        (
            "Cambodia's foreign minister spoke on Monday.\n\nForeign Minister Long Vibol said he criticised a bill passed by Japan.",
            &["KH JP disapprove subject-object -"],
        ),
        // Not named before with a country: no subject; nor as a preposition's object.
        ("A government spokesman thanked Japan.", &[]),
        (
            "Cambodia's ministry met. Officials of the ministry thanked Japan.",
            &[],
        ),
    ]);
}

#[test]
fn rejected_critic() {
    table(&[
        (
            "China accused Cambodia of abuses. Cambodia rejected the accusation.",
            &[
                "CN KH disapprove subject-object -",
                "KH CN reject rejected-critic -",
            ],
        ),
        // Without an earlier critic, no target; a rejection of something else is no rejected
        // criticism (it is toward the country last named: `discourse-actor`).
        ("Cambodia rejected the accusation.", &[]),
        (
            "China accused Cambodia of abuses. Cambodia rejected the proposal.",
            &[
                "CN KH disapprove subject-object -",
                "KH CN reject discourse-actor -",
            ],
        ),
    ]);
}

#[test]
fn our_countries_in_a_quote_are_the_speakers_and_the_host() {
    table(&[
        // A Chinese speaker in a story filed from Phnom Penh: China and Cambodia, though the
        // United States was named last.
        (
            "PHNOM PENH — The United States objected. “The friendship between our two countries is ironclad,” Chinese Ambassador Gao said.",
            &["CN KH support the-two-countries -"],
        ),
        // A Cambodian speaker: Cambodia and the last other country named.
        (
            "PHNOM PENH — Russia sent a delegation. “Trust between our countries has grown,” Cambodian minister Sok said.",
            &["KH RU support the-two-countries -"],
        ),
        // `the two countries` outside a quote stays the two last named.
        (
            "Russia and China met. The two countries signed a deal.",
            &["CN RU consult symmetric-sentence-actor -", "RU CN agree the-two-countries -"],
        ),
    ]);
}

#[test]
fn a_person_introduced_with_a_country_bearing_title_acts_for_it() {
    table(&[
        (
            "The deal was signed by Cambodian Foreign Minister Chan Rithy. Chan Rithy thanked Russia for the scholarships.",
            &["KH RU support subject-object -"],
        ),
        (
            "Cambodia's transport minister, Sun Vichet, opened the road. Sun Vichet praised Japan.",
            &["KH JP support subject-object -"],
        ),
        // A title with no country gives none; an unknown name stays unknown.
        (
            "Transport Minister Sun Vichet opened the road. Sun Vichet praised Japan.",
            &[],
        ),
        ("Lindqvist praised Japan.", &[]),
    ]);
}

#[test]
fn discourse_actor() {
    table(&[
        // A stance reported in the past tense, with no other country in its sentence: toward
        // the country last named as an actor before it.
        (
            "China sent aid to Cambodia. Cambodia praised the speed of the work.",
            &["CN KH aid subject-object -", "KH CN support discourse-actor -"],
        ),
        (
            "Japan met Cambodia's envoy. Cambodia protested.",
            &["JP KH consult possessor -", "KH JP protest discourse-actor -"],
        ),
        // Not a noun (`gratitude`), not the present tense, not another category.
        (
            "China sent aid to Cambodia. Cambodia voiced gratitude for the work.",
            &["CN KH aid subject-object -"],
        ),
        (
            "China sent aid to Cambodia. Cambodia praises the work.",
            &["CN KH aid subject-object -"],
        ),
        (
            "China sent aid to Cambodia. Cambodia funded the road.",
            &["CN KH aid subject-object -"],
        ),
        // Not beyond two sentences back.
        (
            "China sent aid to Cambodia. The road opened. The bridge opened. Cambodia praised the work.",
            &["CN KH aid subject-object -"],
        ),
    ]);
    // Alone it relates no pair: the pair's stance needs another rule's event.
    let an = analysis("China sent a note. Cambodia praised the work.");
    assert_eq!(
        coded("China sent a note. Cambodia praised the work."),
        ["KH CN support discourse-actor -"]
    );
    assert!(an.article.assessments.is_empty() && an.article.context.is_empty());
}

#[test]
fn coordinated_triggers_share_their_object() {
    table(&[
        (
            "Cambodia saw both progress and disappointment in its ties with Japan.",
            &[
                "KH JP support subject-object -",
                "KH JP disapprove subject-object -",
            ],
        ),
        // Not when the first is another noun's complement.
        (
            "Cambodia voiced opposition to the invasion and support for Ukraine.",
            &["KH UA support subject-object -"],
        ),
    ]);
}

#[test]
fn what_the_review_of_the_third_round_found() {
    table(&[
        // A partnership is an event noun, not a relation noun: current.
        (
            "China upgraded its partnership with Cambodia on Monday.",
            &["CN KH cooperate possessor -"],
        ),
        // A quoted speaker's country is the target only when the sentence names no other.
        (
            "Cambodian Foreign Minister Chan Rithy met reporters. “Japan signed a deal with Thailand,” Chan Rithy said.",
            &[
                "JP TH agree symmetric-sentence-actor -",
                "JP TH agree light-verb-subject -",
            ],
        ),
        // A company's director acts for no state.
        (
            "Chinese company director Wang Lei visited the site. Wang Lei praised Cambodia.",
            &[],
        ),
        // A state after a copula is no reported act toward the country last named.
        (
            "China sent aid to Cambodia. Cambodia is concerned about it.",
            &["CN KH aid subject-object -"],
        ),
    ]);
    // A pair related only by a negated event is not assessed from discourse-actor events.
    let an = analysis(
        "Cambodia will not sign the deal with Russia. Cambodia protested. Cambodia criticised the move.",
    );
    assert!(
        an.article.assessments.is_empty(),
        "{:?}",
        an.article.assessments
    );
}
