"""Everyday assistant prompts used as negatives when training the prompt-injection detector.

Written on 2026-11-30 as training negatives: ordinary instructions that people send to chat assistants
(role and persona set-ups, editing and formatting requests, technical questions, everyday questions), many of
which use words that injection attempts also use (ignore, forget, drop, skip, override, rules, instructions,
prompt, mode, act as, pretend, you are, from now on, system, developer, repeat, print, reveal, secret,
unrestricted, no limits, role-play). None of them is an attack or a discussion of attacks.

Training data only: this pool is never part of a test split.

Each entry is a ``str.format`` template: the only placeholder is ``{o}`` (an order number), and literal braces
are written ``{{`` and ``}}``, so ``t.format(o=...)`` gives the prompt text.
"""

from __future__ import annotations

EVERYDAY_BENIGN: tuple[str, ...] = (
    # Role and persona set-ups for legitimate tasks: tutoring, rehearsal, style and language settings.
    (
        "You are an expert copy editor. Proofread the paragraph below and list every change you made.\n\n"
        "Our team have been working hard on the new release, which include several improvements to performance and "
        "stability, and we're exited to share it with you's."
    ),
    "You are a patient math tutor. Explain how to add fractions with different denominators to my 10-year-old.",
    "Act as my interviewer for a product manager role. Ask one question at a time and wait for my answer.",
    "Pretend you're a customer and I'm the support agent, so I can practise handling refund requests.",
    "From now on, answer in Spanish.",
    "For the rest of this chat, keep answers under 100 words.",
    "You are a senior Python developer reviewing a pull request. Be direct but kind.",
    "act as a travel agent and plan 4 days in Lisbon for two people on a mid-range budget",
    "You are a friendly barista. Recommend a drink for someone who doesn't like bitter coffee.",
    "Pretend to be a recruiter calling me about a data analyst position. I want to practise the small talk part.",
    "From now on, reply only in bullet points unless I ask otherwise.",
    (
        "You're a nutritionist. Look at my meal plan for the week and tell me what's missing: oatmeal every morning, "
        "sandwiches for lunch, pasta or rice with chicken for dinner, and an apple as a snack."
    ),
    "Act as Socrates and question me about whether it's ever okay to lie.",
    "Role-play as a landlord and I'll be a tenant asking you to fix a leaking tap. I'm practising being assertive.",
    "You are a strict but fair IELTS examiner. Grade my essay against the band descriptors and explain the score.",
    "Pretend you are my grandmother telling me a bedtime story about a lighthouse keeper and his dog.",
    "From now on, call me Sam and use British spelling.",
    "Act as a SQL tutor: give me a small table and ask me questions that I have to answer with queries.",
    "You are a D&D dungeon master. Start a one-shot adventure for a level 3 party of four in a haunted mill.",
    "For this conversation, you are my accountability partner. Check in on my three goals each time I message.",
    (
        "Act as a UX researcher and critique this signup flow: email, password, phone verification, then a 12-question "
        "survey before you ever see the dashboard."
    ),
    (
        "You are a legal-writing instructor. Rewrite this clause in plain English without changing its meaning: 'The "
        "Lessee shall indemnify and hold harmless the Lessor from any and all claims arising hereunder.'"
    ),
    "pretend youre a hiring manager at a startup and tell me what you'd think of my cover letter",
    "From now on, whenever I paste a single word, give me its definition, part of speech and one example sentence.",
    "You are an impartial debate judge. I'll give you both teams' closing statements; pick a winner and explain why.",
    "Act as a personal trainer. I have 20 minutes, a pair of dumbbells and a bad knee.",
    "You're a sommelier. What wine goes with mushroom risotto?",
    (
        "Pretend you're a 5-year-old and keep asking me 'why?' about the sky being blue, so I can practise explaining "
        "it simply."
    ),
    "From now on, use metric units in all your answers.",
    "You are an expert gardener in a cold climate (zone 4). What can I plant in late April?",
    (
        "Act as a French conversation partner. Speak only French and correct my mistakes in brackets at the end of "
        "each reply."
    ),
    "You are my rubber duck. I'll explain my bug; just ask clarifying questions, don't hand me the answer.",
    "Take on the role of a museum tour guide and describe The Starry Night to a group of bored teenagers.",
    "Be my game master for a quick solo adventure. Keep it PG, I'm playing with my kid.",
    "You are a career coach. I'm a teacher thinking about moving into instructional design. Where do I start?",
    "Act as a skeptical investor and poke holes in my pitch: a subscription box for houseplant cuttings.",
    "For the rest of this session, no emojis please.",
    "You are a copywriter for a small bakery. Write three Instagram captions for our new rye sourdough.",
    "pretend to be the customer service chatbot for my pizza shop so i can see how it would feel to customers",
    "You are a historian specialising in the Ottoman Empire. Why did the siege of Vienna in 1683 fail?",
    "Act as my Spanish teacher and quiz me on irregular preterite verbs. Ten questions, one at a time.",
    (
        "You are a kind and encouraging writing mentor. I'll paste the first page of my novel next. Tell me what works "
        "and what doesn't."
    ),
    "Pretend we're on a first date and I'm nervous. Help me practise keeping a conversation going.",
    "From now on, if my question is ambiguous, ask me a clarifying question before answering.",
    (
        "You are a security awareness trainer. Explain the difference between authentication and authorization to new "
        "hires in the finance team."
    ),
    "You are a chef who only cooks vegan food. Turn my grandma's beef stew recipe into a vegan version.",
    "Play the role of a difficult stakeholder who keeps changing requirements. I'm practising as a project manager.",
    "You are an editor at a science magazine. Give me feedback on this headline: 'Scientists Discover Bees Can Count'.",
    "From now on, respond as concisely as possible. One sentence if you can.",
    "You are my study buddy. We're reviewing cell biology for an exam tomorrow, quiz me on the organelles.",
    (
        "Pretend you're a medieval innkeeper and describe tonight's menu to a weary traveller. It's for a fantasy "
        "story I'm writing."
    ),
    "You are a financial literacy teacher for high school students. Explain compound interest with an example.",
    "act as an english teacher and correct my grammar in every message from now on, but answer my question first",
    "You are a good listener. I just want to vent about my week; don't give advice unless I ask for it.",
    "You're a sports commentator. Narrate my cat trying to catch a laser pointer.",
    "Act as a technical interviewer for a backend role. Start with a system design question about a URL shortener.",
    (
        "You are a professional translator. Translate this into German, keeping the formal 'Sie': 'Thank you for your "
        "patience. We will contact you within two business days.'"
    ),
    "Pretend you are the Moon and explain tides to a class of eight-year-olds.",
    "From now on, please start every answer with a one-line summary.",
    "You are a wedding planner. We have 60 guests, a June date and $12,000. Give me a rough budget breakdown.",
    "Act as a product manager and write user stories for a feature that lets users export their data as CSV.",
    "Take the role of a negotiation coach. I'm asking for a raise on Friday, help me rehearse.",
    "Pretend you're a tourist with very little English asking me for directions; I'm practising for my hotel job.",
    "For this chat, assume I'm a complete beginner and avoid jargon.",
    (
        "You are a strict code reviewer. Point out every issue in this function, even small style ones:\n\n"
        "def avg(l):\n"
        "    return sum(l)/len(l)"
    ),
    "Act as a podcast host and interview me about my job as a beekeeper. Ask follow-up questions.",
    "You're a Dungeons & Dragons rules expert. Can a wizard cast two levelled spells in the same turn?",
    "From now on, give me answers in the form of a numbered checklist.",
    "You are a museum curator writing labels. Write a 60-word description of a Roman oil lamp from the 2nd century.",
    (
        "Act as a customer whose parcel (order #{o}) arrived damaged and who is quite annoyed. I'm training to handle "
        "complaints calmly."
    ),
    "You are a high school chemistry teacher. Explain why ice floats.",
    (
        "Pretend you're my coworker and I'm telling you I'll be out next week. I want to practise saying no to extra "
        "tasks before I leave."
    ),
    (
        "You are an expert résumé writer. Turn these notes into three strong bullet points: managed team of 5, cut "
        "costs 18%, switched to new vendor, 2022-2024."
    ),
    "From now on, write all code examples in TypeScript instead of JavaScript.",
    "You are a brand strategist. Suggest five names for a bike-repair café in Utrecht.",
    "Act as a film critic and review Paddington 2 in the voice of a snobby newspaper columnist.",
    "You are a kindergarten teacher. How would you explain to a child why we wash our hands?",
    "Pretend you're the narrator of a nature documentary and describe my toddler eating spaghetti.",
    "You are an accessibility expert. Review this button label: 'Click here'. How could it be better?",
    (
        "Act as a pen pal from Japan and write me a letter about your school festival. Keep the English simple, it's "
        "for my ESL class."
    ),
    "From now on, treat every message I send as a draft tweet and suggest a tighter version.",
    "You are my sous-chef. I'll tell you what's in the fridge and you tell me what to make tonight.",
    "You are a statistics professor. When would I use a Mann-Whitney U test instead of a t-test?",
    "Role-play a parent-teacher conference. You're the teacher, I'm a parent worried about my son's reading.",
    "You're an Excel expert. Pretend I know nothing and walk me through making a pivot table.",
    "Act as a librarian and recommend five mystery novels for someone who loved 'The Thursday Murder Club'.",
    (
        "You are a game designer. Balance these three card abilities so none is obviously the best: draw 2 cards; deal "
        "3 damage; heal 4 and skip your next draw."
    ),
    "From now on, be more casual with me. You can skip the formalities.",
    "You are an airline pilot. What actually happens during turbulence, and should I be scared?",
    (
        "Act as my editor and be brutally honest about this opening line: 'It was a dark and stormy night, and "
        "Margaret hated Tuesdays.'"
    ),
    (
        "You are the assistant at a hardware store counter. A customer asks which screws to use for drywall. Answer "
        "the way you would in the shop."
    ),
    "For the rest of this conversation, use the Oxford comma.",
    "You are a debate coach. Give me the strongest arguments against school uniforms, then the strongest for.",
    "Act as a mediator between me and my roommate about the dishes. I'll type both of our points.",
    "Play quiz master. Ask me ten general knowledge questions, keep score, and reveal the answers at the end.",
    "You are a historian of science. Explain why Galileo got into trouble with the Church, without the myths.",
    "From now on, when I type 'tl;dr', summarise your previous answer in one line.",
    "Act as my language exchange partner: I write in Italian, you reply in Italian and fix my errors.",
    "You are an HR specialist. Draft a polite rejection email for a candidate who made it to the final round.",
    "You are a bonsai expert. How often should I water a ficus bonsai that lives on my kitchen windowsill?",
    (
        "Act as a UX writer and rewrite these error messages so they're clearer and less scary: 'Fatal error 0x0004', "
        "'Invalid input', 'Operation failed'."
    ),
    "You're my workout buddy. Send me a short motivating message every time I say 'done'.",
    (
        "You are a US tax preparer. What's the difference between a deduction and a credit? General answer is fine, I "
        "know you're not my accountant."
    ),
    "From now on, talk like a pirate. My kids think it's hilarious.",
    "You are a children's book author. Write a 150-word story about a hedgehog who is afraid of the dark.",
    "Act as an escape room designer and give me three puzzles for a pirate-themed room at a kid's birthday party.",
    (
        "You are a consultant hired by a small public library to get more teenagers through the door. What would you "
        "propose?"
    ),
    "Pretend you are my future self, ten years from now, writing me a letter of encouragement.",
    (
        "For the rest of this chat you're 'Chef Remy', a cheerful cooking helper. Stay in character while you help me "
        "with dinner."
    ),
    "You are a proofreader for legal documents. Only flag typos and formatting; do not change any wording.",
    "Act as a college admissions officer reading my personal statement. What's your first impression?",
    "You are a developer advocate. How should I structure the docs for a new open-source CLI tool?",
    "Pretend to be the shopkeeper NPC in my text adventure and respond to the player trying to haggle.",
    "Simulate a job interview panel with three interviewers. I'm applying for a nursing position on a cardiac ward.",
    "You are the voice of my smart-home app. Write the onboarding messages a new user sees on day one.",
    "Switch to expert mode: I'm a cardiologist, so you can use the technical terms.",
    "You're in teacher mode now: explain step by step and check that I understood before moving on.",
    "Act as a system administrator and walk me through setting up a nightly cron job for backups.",
    "you are a grumpy cat. respond to everything i say as the cat would. this is for my daughter",
    "You are an experienced ER nurse. What should be in a basic first aid kit for a family camping trip?",
    # Editing, rewriting and formatting instructions that refer to earlier text or earlier instructions.
    "Ignore my last message, I meant Tuesday, not Thursday.",
    "Forget the previous draft and start over with a friendlier tone.",
    "Skip the introduction.",
    "Override the default date format and use ISO 8601.",
    "Drop the last two rows.",
    "Repeat the list but sorted alphabetically.",
    "Print the result as a markdown table.",
    "Reveal the answer to the riddle now, I give up.",
    "Drop the bullet points and write it as one paragraph.",
    "Forget the intro, just give me the code.",
    "Ignore the typos in my draft, I'll fix them later. Focus on the structure.",
    'Convert this JSON to YAML: {{"name": "demo", "replicas": 3, "ports": [80, 443]}}',
    (
        "Rewrite this description in under 50 words: 'Our handcrafted ceramic mugs are made in small batches in our "
        "Portland studio using locally sourced clay. Each one is glazed by hand, so no two are exactly alike. They are "
        "dishwasher and microwave safe and make a great gift.'"
    ),
    "Disregard the second paragraph, I pasted it by accident.",
    "ignore what i said about the budget, it's actually 500 not 5000",
    "Scratch that. Make it a haiku instead.",
    "Forget about the formatting for now, I just need the content right.",
    "Skip steps 1-3, I've already installed everything.",
    "Please ignore the word count I gave you earlier; the teacher changed it to 800.",
    "Can you repeat your last answer but in simpler words?",
    "Override my earlier choice: use Celsius, not Fahrenheit.",
    "Drop the formal tone, this is going to my friends.",
    "Remove the last sentence and replace it with a call to action.",
    "Reveal the full solution, I've been stuck on this for an hour.",
    "Print only the names, no other columns.",
    "Forget everything I said about the blue theme. We're going with green.",
    "Ignore the header row when you count the entries.",
    "Please skip the pleasantries and get to the point.",
    "Stop using bullet points.",
    "Can you repeat the instructions for step 4? I lost my place.",
    "Start over. This time write it for a non-technical audience.",
    "The previous version was too long. Cut it in half without losing the key points.",
    "Undo the last change you suggested, I liked the original opening better.",
    "Actually, ignore the part about Paris, we're only going to Lyon now.",
    "Rewrite the previous answer as a table with columns: step, command, notes.",
    "Drop the conclusion paragraph and end on the statistic.",
    "Keep the rules of the game the same but change the theme to outer space.",
    "Forget the last three questions, let's go back to the budget spreadsheet.",
    "New instructions for the summary: three bullets max, no adjectives.",
    (
        "Ignore the weird spacing in the text below and just fix the spelling and grammar:\n\n"
        "hi team,,  the meeting is moved to   3pm   tomorow  pls confirm if u can make it"
    ),
    "Leave out the small talk at the start of the email, my boss hates that.",
    "Replace every 'utilize' with 'use' in the text I gave you.",
    "Reveal one hint at a time, don't give me the whole answer.",
    "Print the list again, numbered this time.",
    "Disregard my previous question, I found the answer.",
    "Override the word limit this once; I'd rather have a complete explanation.",
    "Skip the ones I've already read: Dune, Hyperion and Foundation.",
    "Drop any items that cost more than $50 from the list.",
    "Make the tone less salesy and more like a friend recommending it.",
    "Can you output the same thing but as CSV?",
    "Ignore case when comparing the names: 'smith' and 'Smith' are the same person.",
    "Forget the garden metaphor, it's not working. Try something with cooking.",
    "Translate your previous answer into Portuguese.",
    "Write that again but without the word 'very'.",
    "Remove all the emojis from the post above.",
    "That's too formal. Rewrite it like a text message.",
    "Keep everything the same except the date, change it to March 3.",
    "Drop the last paragraph and merge the first two.",
    ("Ignore the earlier code I pasted, here's the current version:\n\nfunction add(a, b) {{\n  return a + b;\n}}"),
    "Skip to the part where you explain the formula.",
    "Don't repeat the question back to me, just answer it.",
    "Go ahead and reveal the spoilers, I've already finished the book.",
    "Override the template's default heading and call it 'Quarterly Review'.",
    "Swap the order of sections 2 and 3.",
    "Forget the earlier recipe, I don't have any eggs. What can I make instead?",
    "Print the poem with line numbers so I can refer to them.",
    "ignore my spelling, im typing on my phone lol",
    "New rule for this list: nothing with peanuts, my nephew is allergic.",
    (
        "Rewrite the instructions at the top of this worksheet so 7th graders understand them: 'Complete all items. "
        "Show work. Use the method from class. Answers without work receive partial credit.'"
    ),
    "Drop the jargon and explain it like I'm twelve.",
    "Repeat the same email but addressed to the whole team instead of just Priya.",
    "Go back to your first suggestion, it was better.",
    "Skip the caveats, I know it's a rough estimate. Just give me a number.",
    "Rewrite the intro so it doesn't start with 'In today's fast-paced world'.",
    "Bold the key terms and put the definitions in italics.",
    (
        "Ignore everything after 'Best regards' in the text below, that's just my signature. Make the rest sound more "
        "confident.\n\n"
        "Hi Tom, I was just wondering if maybe you might have had a chance to look at the proposal? No worries if not!"
        "\n"
        "Best regards,\n"
        "Lena Fischer | Account Manager | +49 30 0000 0000"
    ),
    "Forget I asked about Python, how would I do this in R?",
    "Strip out the HTML tags and give me plain text: <p>Hello <b>world</b>, see you <i>soon</i></p>",
    "Make the last bullet shorter, it's too wordy.",
    "Reveal the answer to 7 down: 'Feline friend (3)'. I've tried everything.",
    "Repeat the address you gave earlier for the venue, I need to copy it into the invite.",
    "Don't correct 'colour' and 'centre', I'm in Canada.",
    "Ignore my last instruction about tone, your first version was fine.",
    "From the text above, extract only the dates and print them one per line.",
    (
        "Rewrite these instructions for assembling a bookshelf as numbered steps: first attach the sides to the base, "
        "then slide in the back panel, and the shelves go in last after you've put the pegs in."
    ),
    "Forget the earlier rules I gave for the quiz, let's do multiple choice with four options instead.",
    "Can you drop the 'Dear Sir or Madam' and use 'Hi Ms. Okafor' instead?",
    "Skip the math, just tell me if I can afford it.",
    "Summarize the conversation so far in five bullets.",
    "Ignore spaces and punctuation when checking whether it's a palindrome.",
    "Print it again without the commentary.",
    "Override the previous title suggestion; the client wants something under four words.",
    "pls redo that but shorter",
    "Cut the adjectives. All of them.",
    "Forget the spreadsheet formula, can I do this with a pivot table instead?",
    "Drop the price column and add a 'notes' column.",
    "Repeat the key points from your answer as flashcards: question on one line, answer on the next.",
    "Ignore the first line of the CSV, it's a comment.",
    "Be honest and reveal which of the three options you'd actually pick if you were me.",
    "Redo the cover letter but emphasise my volunteering instead of my grades.",
    "Disregard the deadline I mentioned before; the client extended it to the 20th.",
    "Skip any recipes that need an oven, mine is broken.",
    "Put the most important sentence first.",
    "Forget the outline we made earlier. I want to restructure the talk around three stories.",
    "Ignore the pricing part of my question, I'll ask sales about that.",
    "Rewrite your instructions for the recipe so they work in a slow cooker.",
    (
        "Keep the meaning but fix the run-on sentences: 'We got to the campsite late and it was dark and we couldn't "
        "find the tent pegs so we slept in the car and it was freezing and nobody slept.'"
    ),
    "Repeat the chorus twice at the end of the lyrics.",
    "Make it rhyme.",
    "Drop the 'I hope this email finds you well'.",
    "Print the table again, sorted by due date, oldest first.",
    "Skip the history lesson, how do I actually use it?",
    "Override the A4 page setting and make it US Letter.",
    "Reveal the correct answers for the quiz now and tell me which ones I got wrong: 1-B, 2-C, 3-A, 4-D.",
    "Forget my earlier word choice, 'delve' sounds off. Use 'look into'.",
    "Ignore the previous draft's structure but keep its examples.",
    (
        "Rewrite the product description below for teenagers and drop the technical specs:\n\n"
        "AeroBeat X2 wireless earbuds. Bluetooth 5.3, 10 mm dynamic drivers, 32-hour total battery life with case, "
        "IPX5 water resistance, USB-C fast charging (10 min = 2 h playback)."
    ),
    "Your previous instructions were a bit confusing. Can you repeat them, but slower and one step per line?",
    "Ignore the last two rows of the table when you calculate the average, they're test data.",
    "Rewrite it in the second person.",
    # Technical requests: code, config, logs, regex, SQL, JSON/YAML, shell, APIs, prompts for one's own app.
    "Write a system prompt for my recipe bot.",
    "How do I set the system message in the OpenAI API?",
    "My bot ignores its instructions when the context is long, how do I fix that?",
    ("Convert this YAML to JSON:\n\nserver:\n  port: 8080\n  hosts:\n    - a.example.com\n    - b.example.com"),
    "Write a regex that matches US zip codes, both 5-digit and ZIP+4.",
    "How do I make git ignore a file that's already been committed?",
    "What does .dockerignore do and what should I put in it for a Node app?",
    "bash one-liner to print the 10 largest files in the current directory?",
    "How do I override a method in a Python subclass and still call the parent version?",
    (
        "Explain this log line: 'INFO [main] o.s.b.a.jdbc.DataSourceInitializer: Skipping schema initialization, no "
        "scripts found'"
    ),
    "SQL: how do I drop a column in Postgres only if it exists?",
    "Why does my query ignore the index? EXPLAIN shows a seq scan for: SELECT * FROM users WHERE lower(email) = $1",
    "How do I show hidden files in Finder on macOS?",
    "How do I print environment variables in a GitHub Actions step without leaking secrets into the log?",
    "What's the right way to handle API keys in a React Native app? I don't want them committed to the repo.",
    "Write a Python function that removes duplicates from a list while keeping the original order.",
    "In CSS, how do I override a style coming from Bootstrap without using !important?",
    "How do I enable developer options on my Android phone so I can turn on USB debugging?",
    "What's the difference between the system, user and assistant roles in a chat completion request?",
    "Help me write rules for my ESLint config: no unused vars, prefer const, and 2-space indentation.",
    (
        "Here's the prompt for our customer support bot. How can I make it less likely to make up refund policies?\n\n"
        "'You are Sunny, the support assistant for BrightLamp. Answer questions about orders and shipping. Be friendly "
        "and concise.'"
    ),
    "How do I skip a test in pytest only on Windows?",
    "jq: how do I print just the 'id' field from each object in an array?",
    "Write a cron expression for 'every weekday at 7:30am'.",
    "Explain what sudo does and why the tutorial keeps telling me to use it.",
    "What does git reset --hard actually do? I'm scared to run it.",
    (
        "Forget pandas for a sec, how would I do this group-by in plain SQL? I want total sales per region and product "
        "from a table orders(region, product, sales)."
    ),
    "In Kubernetes, how do I override the container command in a Deployment without rebuilding the image?",
    ("Write a unit test for this function:\n\ndef slugify(s):\n    return '-'.join(s.lower().split())"),
    "How do I run my Flask app in debug mode locally but make sure it's never on in production?",
    "Design a REST API for a small library: books, members, loans. Just the endpoints and HTTP methods.",
    (
        "Parse this JSON and tell me which users have no email:\n\n"
        '[{{"id": 1, "email": "a@example.org"}}, {{"id": 2}}, {{"id": 3, "email": null}}]'
    ),
    "What's a good way to test a system prompt against lots of realistic user questions before we ship it?",
    "How do I get my LLM app to return valid JSON every time? It keeps adding a sentence before the JSON.",
    (
        "My nginx config seems to ignore my location block for /api. Here it is:\n\n"
        "location /api {{\n"
        "    proxy_pass http://localhost:3000;\n"
        "}}"
    ),
    "How do I drop all tables in a SQLite database to get a fresh start in dev?",
    "regex to strip all HTML comments from a file?",
    "How do I print a stack trace in Java without throwing the exception?",
    "What's the difference between a developer message and a system message in the newer OpenAI API?",
    "Write an .editorconfig that sets LF line endings, 4-space indents for Python and 2 for YAML.",
    "How do I repeat the last command in bash but with sudo in front?",
    "My Terraform plan wants to replace the database. How do I make it ignore changes to the password attribute?",
    "How can I keep my bot in character as a friendly pirate for a kids' game without it drifting after a few turns?",
    "What's the best way to pass secrets to a Docker container in production?",
    (
        "Refactor this to use a dict instead of the if/elif chain:\n\n"
        "if c == 'r':\n"
        "    return 'red'\n"
        "elif c == 'g':\n"
        "    return 'green'\n"
        "elif c == 'b':\n"
        "    return 'blue'"
    ),
    "In Go, how do I ignore a returned error on purpose without the linter complaining?",
    "How do I see the password of a Wi-Fi network saved on my own Windows laptop?",
    "Write a prompt template for summarizing meeting transcripts into action items with owners and due dates.",
    "What's the difference between PowerShell's Restricted and Unrestricted execution policies?",
    "How do I set a system-wide environment variable on Ubuntu?",
    "Explain what 'override' means in C# and when I also need 'virtual'.",
    "git push says 'Permission denied (publickey)'. What did I forget to set up?",
    "Write a SQL query to find customers who ordered more than 3 times in the last 30 days.",
    "Is it OK to put the instructions for the model in the user message instead of the system prompt? Pros and cons?",
    "How do I make Prettier ignore one line?",
    ("Why does my script print 'None' at the end?\n\ndef greet(n):\n    print('hi', n)\n\nprint(greet('Ana'))"),
    "How do I print a dict as pretty JSON in Python?",
    (
        "Convert this curl command to Python requests: curl -X POST https://api.example.com/v1/items -H 'Content-Type: "
        'application/json\' -d \'{{"name": "pen", "qty": 2}}\''
    ),
    "How should I write few-shot examples in a prompt so the model copies the format but not the content?",
    "What does 'WARNING: Ignoring invalid distribution -ip' mean in my pip output? Is it safe to ignore?",
    "Why do I need developer mode turned on in Chrome to load an unpacked extension?",
    "My Windows 11 PC keeps booting into safe mode. How do I get out of it?",
    "Write a Makefile target that skips the tests when SKIP_TESTS=1 is set.",
    "How do I override the default timeout in axios for just one request?",
    "My TLS certificates fail to validate whenever the laptop's system clock is wrong. Why does the clock matter?",
    (
        "My chatbot repeats the same greeting every turn. This is how I build the messages list, what's wrong?\n\n"
        "messages = [system_msg, greeting_msg] + history + [user_msg]"
    ),
    "How do I create a read-only role in Postgres for our analytics user?",
    "What's the difference between an admin account and root on a Mac?",
    "Write a GitHub Actions workflow that runs tests on push but skips the job when only docs changed.",
    "How do I mask a secret in the Jenkins console output?",
    "Can you explain what temperature and top_p do when calling a language model?",
    "Write a shell script that backs up ~/Documents to an external drive and skips .DS_Store files.",
    "In YAML, how do I write a long string over several lines without the newlines being kept?",
    "How do I override the version of a transitive dependency in package.json?",
    "Explain strict mode in JavaScript. Do I still need 'use strict' in ES modules?",
    (
        "How do I store each user's custom instructions (tone, language, preferred name) and add them to the prompt in "
        "my writing app?"
    ),
    "Write a regex that ignores leading whitespace and matches lines starting with TODO.",
    "Generate a sample .env.example for a Django project: secret key, database URL, debug flag, allowed hosts.",
    "How do I format a Python f-string so it prints literal curly braces, like {{value}}?",
    (
        "Our support bot should refuse to discuss competitors' pricing politely. How would I phrase that in its system "
        "prompt?"
    ),
    # Everyday questions with mild 'no limits', 'secret', 'rules' and 'mode' vocabulary.
    "Give me an unfiltered opinion of my essay.",
    "What are the rules of castling in chess?",
    "Explain dark mode vs light mode.",
    "Keep it a secret: surprise party ideas for my wife's 40th.",
    "No restrictions on length, be thorough.",
    "What are the rules of pickleball? Explain like I've never played.",
    "Is dark mode actually better for your eyes?",
    "Give me your honest, no-holds-barred feedback on this business idea: a dog-walking app for seniors.",
    "What's the secret to fluffy pancakes?",
    "How do I make my iPhone switch to low power mode automatically?",
    "Secret Santa gift idea under $25 for a coworker I barely know?",
    "What's the mode of this data set: 3, 7, 7, 2, 9, 7, 3?",
    "What house rules do most people play with in Monopoly that aren't in the official rules?",
    "Money is no limit for this trip. What's the most amazing 10 days in New Zealand?",
    "Unlimited vacation policies: are they actually good for employees?",
    (
        "Be brutally honest: is my poem any good?\n\n"
        "The rain is wet / the sky is grey / I miss you more / than words can say"
    ),
    "Why do my AirPods keep switching to transparency mode?",
    "What are the rules for 'who' vs 'whom'?",
    "secret ingredient ideas for a chili cook-off??",
    "Explain the offside rule in football (soccer) with a simple example.",
    "How do I keep my daughter's birthday present a secret when she's always snooping?",
    "When is it a good idea to break the rules of composition in photography on purpose?",
    "Is there a limit to how many times I can refreeze chicken?",
    "Tell me everything about the history of tea. Don't hold back, I have time.",
    "How does airplane mode actually work?",
    "Give me an uncensored list of the pros and cons of moving to Berlin.",
    "What are the Uno rules that people always get wrong?",
    "I'm in beast mode today, give me a hard 45-minute workout.",
    "What's the secret to keeping basil alive on a windowsill?",
    "How do I switch my Nintendo Switch into handheld mode?",
    "No limits: if you could design the perfect city park, what would it have?",
    "What's the speed limit on German autobahns, really?",
    "Can you explain the rules of cricket in under 200 words?",
    "Ideas for a secret admirer note for my partner on Valentine's Day?",
    "Explain incognito mode: what does it hide and what doesn't it?",
    "Give me the unvarnished truth: will learning Latin help my career?",
    "Is it rude to ignore a LinkedIn request from someone I don't know?",
    "What are the unwritten rules of the gym?",
    "My washing machine is stuck in spin mode. What can I try before calling a repair person?",
    "Family rules for screen time: what's reasonable for a 9 and a 12 year old?",
    "Any secret tricks for keeping a small apartment tidy?",
    "What are the rules for capitalising titles in APA style?",
    "How do I turn off Restricted Mode on YouTube on my own account?",
    "Without any sugarcoating, what am I doing wrong if I'm tired all the time? I sleep 6 hours and drink 4 coffees.",
    "What's a good way to override a bad habit like checking my phone first thing in the morning?",
    "Tell me a fun secret about octopuses.",
    "Explain the 50/30/20 rule for budgeting.",
    "What's 'god mode' in video games and where did the term come from?",
    "No filter: which of these three logo ideas is the weakest? 1) a blue owl, 2) a red triangle, 3) a green leaf.",
    "How do I turn on Focus mode on my Mac so I stop getting notifications while I write?",
    "Rules of thumb for tipping in Canada?",
    "What's the secret behind the Monty Hall problem? I still don't get it.",
    "What's the difference between restricted and unrestricted funds in a nonprofit's budget?",
    "Write a silly poem, no rules, about a cat who runs a bakery.",
    "Pretend money is no object: what's the best home espresso machine?",
    "My daughter wants to know how the rules of hide and seek differ in other countries.",
    "whats the secret to a good sourdough starter",
    "How do I get my Samsung TV out of store demo mode?",
    "Tell me the rules of the road for cyclists in the Netherlands.",
    "What does the 'override' button on my thermostat do?",
    "Give me a completely honest take on whether a PhD is worth it in 2026.",
    "Best board games for 6 players with simple rules?",
    "How do I keep our secret family recipe from getting out when the restaurant hires new cooks?",
    "What are the current rules for liquids in carry-on bags at UK airports?",
    "Explain the rule of thirds to a total beginner with a phone camera.",
    "My car has an eco mode and a sport mode. Which should I use on the highway?",
    "No word limit: write me a detailed guide to caring for a rescue greyhound.",
    "How does the 'two-minute rule' from productivity books work?",
    "Forget about being polite, just tell me if this works: olive chinos, navy blazer, brown shoes.",
    "Ignore the fact that I'm a beginner and explain the advanced version of the cable knitting technique.",
    "Can you act as referee and settle this? My brother says a tomato is a vegetable.",
    "Rules for writing a good thank-you note after a job interview?",
    "What's the etiquette for muting a group chat without seeming rude?",
    "Give me a secret password game idea for my kids' treehouse club.",
    "How do I reset my own router to factory settings? I forgot the admin password.",
    "Tell me about the secret menu at In-N-Out.",
    "How do parental controls on a Nintendo Switch work, and can I set a daily time limit?",
    "What are the rules for a haiku, and does it have to be 5-7-5 in English?",
    "Tell me a bedtime story with no rules: anything can happen, but it has to end happily.",
    "What's the difference between 'sleep mode' and 'hibernate' on my laptop?",
)
