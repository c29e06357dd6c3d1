//! The words seeded members and needs are made of: names, streets, what
//! people ask for and what they say to each other.

use rand::Rng;
use rand::rngs::StdRng;

/// First names, from many of the neighbourhood's languages.
pub(super) const FIRST: [&str; 40] = [
    "Amara",
    "Ben",
    "Chen",
    "Dana",
    "Esi",
    "Fatima",
    "Gabriel",
    "Hana",
    "Ivo",
    "Jun",
    "Kofi",
    "Lena",
    "Mo",
    "Nia",
    "Olu",
    "Pia",
    "Quinn",
    "Rosa",
    "Sol",
    "Tara",
    "Uma",
    "Vera",
    "Wen",
    "Xena",
    "Yusuf",
    "Zoë",
    "Agnieszka",
    "Bilal",
    "Carmen",
    "Dmitri",
    "Eilidh",
    "Farid",
    "Greta",
    "Hiroshi",
    "Ines",
    "Jamal",
    "Kateryna",
    "Luis",
    "Maeve",
    "Noor",
];
/// Family names.
pub(super) const LAST: [&str; 30] = [
    "Okafor", "Smith", "Nowak", "García", "Mensah", "Khan", "Rossi", "Tanaka", "Petrov", "Kim",
    "Boateng", "Müller", "Farah", "Adeyemi", "Jensen", "O'Neill", "Silva", "Novak", "Haddad",
    "Murphy", "Ivanova", "Nguyen", "Costa", "Brown", "Ali", "Horvat", "Santos", "Walsh", "Yilmaz",
    "Dubois",
];
/// Places needs are at and members live near.
pub(super) const STREETS: [&str; 16] = [
    "Elm Street",
    "Oak Road",
    "Mill Lane",
    "Station Road",
    "Church Walk",
    "Orchard Close",
    "the library",
    "the park gates",
    "Victoria Terrace",
    "Canal Side",
    "the health centre",
    "Bakers Row",
    "Hill Crescent",
    "the primary school",
    "Market Square",
    "Willow Court",
];
/// What members say about themselves (some say nothing).
pub(super) const ABOUT: [&str; 6] = [
    "Retired nurse, happy to help with lifts and check-ins.",
    "I work from home and can pop round most afternoons.",
    "Keen gardener with a van.",
    "New to the area and keen to meet neighbours.",
    "Good with computers and phones; patient with questions.",
    "",
];
/// Titles per category position (1 to 9), then details.
pub(super) const TITLES: [&[&str]; 9] = [
    &[
        "Pick up a prescription",
        "Weekly shop from the supermarket",
        "Post a parcel at the post office",
        "Collect a repaired watch",
    ],
    &[
        "Lift to the clinic",
        "Lift to the station for an early train",
        "Drive me to the hospital appointment",
        "Lift to the polling station",
    ],
    &[
        "Help carrying a sofa upstairs",
        "Fix a leaking tap",
        "Put up two shelves",
        "Change a ceiling light bulb",
        "Move boxes to the loft",
    ],
    &[
        "Mow the front lawn",
        "Prune the apple tree",
        "Clear leaves from the path",
        "Water the allotment while I'm away",
    ],
    &[
        "Feed my cat while I'm in hospital",
        "Walk the dog on weekday mornings",
        "Take the rabbit to the vet",
    ],
    &[
        "Pick up the children from school",
        "Help with maths homework",
        "Babysit for an hour on Thursday",
    ],
    &[
        "A weekly chat over tea",
        "Check on my mother after her fall",
        "Company on a walk round the park",
    ],
    &[
        "Set up a new phone",
        "Help with an online form",
        "Show me how to video call my grandchildren",
        "Fix the home printer",
    ],
    &[
        "Borrow a ladder",
        "Help writing a letter to the council",
        "Carry the recycling bins out",
    ],
];
/// Sentences a need's details are made of.
pub(super) const DETAILS: [&str; 8] = [
    "It should take about an hour.",
    "I can't manage the stairs at the moment.",
    "Any time in the morning suits me.",
    "I'll have tea and biscuits ready.",
    "There's parking right outside.",
    "Happy to pay for petrol.",
    "See the times here: https://example.org/timetable",
    "My knee is still healing, so I can't do it myself.",
];
/// What volunteers say when they offer (some say nothing).
pub(super) const OFFER_MESSAGES: [&str; 5] = [
    "I can help with this.",
    "Happy to, I'm free that day.",
    "I live nearby, count me in.",
    "",
    "I've done this before.",
];
/// A conversation between a volunteer and the neighbour who asked.
pub(super) const MESSAGES: [&str; 5] = [
    "What time suits you best?",
    "Ten o'clock would be perfect, thank you!",
    "I'll ring the bell when I arrive.",
    "Is there somewhere to park?",
    "Thanks again, see you then.",
];
/// Thank-you notes.
pub(super) const THANKS: [&str; 4] = [
    "Thank you so much, you made my week!",
    "Couldn't have managed without you.",
    "So kind of you to give up your morning.",
    "Thank you, neighbour!",
];

/// One of `items`, at random.
pub(super) fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}
