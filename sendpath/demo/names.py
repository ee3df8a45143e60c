"""Word lists for synthetic people and places. Common given names and surnames combined at
random: no real person's data, ever."""

FIRST_NAMES = (
    "Aaliyah Abdul Ada Adam Aisha Alex Alfie Amara Amelia Amir Ana Archie Arjun Aryan Ava "
    "Bella Ben Bilal Bobby Caleb Charlie Chloe Daisy Daniel Darcy Dev Dylan Eden Eli Elif Ella "
    "Emil Emily Erin Ethan Evie Ezra Faith Farah Felix Finley Florence Freddie Grace Hana Harper "
    "Harry Harvey Hassan Hugo Ibrahim Idris Imani Isaac Isla Ivy Jack Jacob Jamal Jasmine Jay "
    "Jude Kai Kayla Khadija Kian Layla Leah Leo Lewis Lily Logan Lola Louis Lucas Luna Maisie "
    "Malik Maria Maryam Mason Max Maya Mia Milo Mohammed Musa Nadia Nathan Nia Noah Nora Olivia "
    "Omar Oscar Phoebe Poppy Priya Rafael Reuben Riley Rosa Ruby Rueben Sam Sana Sara Sofia "
    "Sonny Stanley Teddy Theo Toby Tommy Yusuf Zain Zara Zofia"
).split()

SURNAMES = (
    "Abbott Adeyemi Ahmed Ali Allen Appiah Atkins Bailey Baker Banda Barker Bell Bennett Bhatt "
    "Brooks Brown Butler Campbell Carter Chapman Chaudhry Clarke Cole Collins Cooper Cox Das "
    "Davies Dixon Edwards Ellis Evans Fernandes Fisher Fletcher Foster Fraser Gill Gordon Graham "
    "Grant Green Griffiths Hall Harris Hart Hayes Hill Hughes Hussain Jackson James Jenkins "
    "Johnson Jones Kaur Kelly Khan King Knight Kowalski Lee Lewis Lloyd Marsh Martin Mason "
    "Matthews Mensah Miah Mills Mitchell Moore Morgan Morris Murphy Murray Nowak Obi Osei Owen "
    "Palmer Parker Parry Pearson Phillips Powell Price Rahman Reid Reynolds Richards Roberts "
    "Robinson Rose Russell Saunders Scott Shaw Simpson Singh Smith Stevens Stewart Taylor Thomas "
    "Thompson Turner Walker Ward Watson Webb White Williams Wilson Wood Wright Young"
).split()

PLACE_WORDS = (
    "Ash Beech Birch Brook Cedar Chestnut Elm Fern Field Glen Hazel Heath Holly Lark Linden "
    "Maple Meadow Mill Oak Orchard Park Pine Riverside Rowan Spring Thorn Valley Willow Wood "
    "Abbey Castle Church Green Hill Kings Queens Station Victoria Westfield Eastgate Northgate"
).split()

STREET_AREAS = ("NB1", "NB2", "NB3", "NB4", "NB5", "NB6", "NB7", "NB8", "NB9", "NB10")
