// Name lists for the demo data: Indian customer first names and surnames by sales zone, dealer and fleet name parts.

const words = (s: string): string[] => s.split('|')

/** Common first names of commercial-vehicle buyers, by zone (mostly men, some women). */
export const FIRST_NAMES: Record<string, string[]> = {
  North: words(
    'Ramesh|Suresh|Rajesh|Mukesh|Rakesh|Anil|Sunil|Vijay|Sanjay|Ajay|Manoj|Pankaj|Deepak|Ravi|' +
      'Amit|Sumit|Rohit|Vikas|Arvind|Ashok|Dinesh|Naresh|Mahesh|Ramkishan|Shyam|Gopal|Pradeep|' +
      'Sandeep|Rahul|Neeraj|Gaurav|Satish|Harish|Jitendra|Dharmendra|Brijesh|Lalit|Om Prakash|' +
      'Sunita|Kavita|Rekha|Pooja|Anita|Gurpreet|Harpreet|Balwinder|Jaswant',
  ),
  West: words(
    'Sachin|Santosh|Ganesh|Prakash|Vinod|Dattatray|Nitin|Sagar|Swapnil|Amol|Tushar|Yogesh|' +
      'Mahendra|Hitesh|Jignesh|Bhavesh|Ketan|Paresh|Nilesh|Mehul|Chirag|Kiran|Vishal|Sanjay|' +
      'Rajendra|Dilip|Bharat|Hemant|Umesh|Sunil|Anand|Vaishali|Manisha|Jyoti|Priya|Hetal',
  ),
  Central: words(
    'Ramesh|Rajendra|Mahendra|Narendra|Devendra|Shailendra|Pramod|Vinod|Santosh|Rakesh|Dilip|' +
      'Ajay|Vivek|Alok|Ashish|Manish|Rajkumar|Sunil|Kailash|Govind|Hariom|Bhagwan Das|Shivraj|' +
      'Lokesh|Prem|Anju|Savita',
  ),
  East: words(
    'Sanjay|Ranjit|Sujit|Amit|Abhijit|Subrata|Tapas|Partha|Debashis|Biswajit|Prasenjit|Manoj|' +
      'Rajeev|Ravi Shankar|Uday|Awadhesh|Binod|Pramod|Ramesh|Santosh|Bikash|Prakash|Ashok|Gopal|' +
      'Sukumar|Kalpana|Rina|Mamata|Sarita|Pintu|Bablu|Munna',
  ),
  South: words(
    'Venkatesh|Srinivas|Ramesh|Suresh|Murali|Senthil|Karthik|Arun|Prakash|Manikandan|' +
      'Saravanan|Rajkumar|Ganesan|Balaji|Naveen|Mahesh|Ravi|Nagaraj|Manjunath|Basavaraj|' +
      'Siddaraju|Chandrashekar|Raghavendra|Venkata Rao|Srikanth|Prasad|Subramanian|Muthu|' +
      'Lakshmi|Kavitha|Anitha|Padma',
  ),
}

/** Common surnames by zone. */
export const SURNAMES: Record<string, string[]> = {
  North: words(
    'Sharma|Verma|Yadav|Singh|Gupta|Mishra|Tiwari|Pandey|Chauhan|Kumar|Srivastava|Shukla|' +
      'Dubey|Tripathi|Agarwal|Maurya|Kushwaha|Rathore|Choudhary|Meena|Jat|Saini|Gill|Sandhu|' +
      'Malik|Rawat|Nishad|Pal',
  ),
  West: words(
    'Patil|Shinde|Jadhav|Pawar|More|Kulkarni|Joshi|Deshmukh|Gaikwad|Chavan|Kale|Wagh|Patel|' +
      'Shah|Desai|Mehta|Parmar|Solanki|Chaudhari|Thakkar|Bhosale|Mane|Salunkhe|Rathod',
  ),
  Central: words(
    'Patel|Yadav|Rajput|Thakur|Sahu|Verma|Jain|Tiwari|Mishra|Dubey|Chouhan|Kushwaha|Lodhi|' +
      'Patidar|Soni|Gupta|Sen|Raghuwanshi|Sharma',
  ),
  East: words(
    'Das|Ghosh|Mandal|Paswan|Jha|Mahato|Sahu|Behera|Mohanty|Chatterjee|Banerjee|Mukherjee|Roy|' +
      'Sinha|Prasad|Singh|Yadav|Kumar|Thakur|Sahoo|Pradhan|Nayak|Biswas|Sarkar|Munda|Oraon',
  ),
  South: words(
    'Reddy|Naidu|Rao|Pillai|Nair|Iyer|Gowda|Shetty|Murugan|Raju|Kumar|Chowdary|Varma|Hegde|' +
      'Patil|Naik|Krishnan|Subramaniam|Sundaram|Rajan|Babu|Goud|Yadav|Swamy',
  ),
}

/** First part of dealership names. */
export const DEALER_STEMS = words(
  'Shree Balaji|Sai|Jai Ambe|Shri Ganesh|Laxmi|Om Sai|Shiv Shakti|Vinayak|Krishna|Mahalaxmi|' +
    'Sri Venkateswara|Kaveri|Bharat|Hindustan|Pragati|Navyug|Annapurna|Jagdamba|Hanuman|' +
    'Sri Murugan|Maa Tara|Durga|Royal|Prime|Unique|Vishwas|Shubham|Samarth|Amar|Ashoka|' +
    'Kalinga|Sahyadri|Narmada|Ganga|Yamuna|Sangam|Vijay|Deccan|Malwa|Marudhar',
)

/** Second part of dealership names. */
export const DEALER_SUFFIXES = words(
  'Motors|Automobiles|Auto Agencies|Commercial Vehicles|Autowheels|Vehicles|Motor Works|' +
    'Autolinks',
)

/** Fleet customers are firms: "<Surname> <suffix>". */
export const FLEET_SUFFIXES = words(
  'Roadways|Logistics|Transport Co|Carriers|Goods Carriers|Traders|Enterprises|Distributors|' +
    'Cargo Movers',
)

/** Institutional customers: "<place> <suffix>". */
export const INSTITUTION_SUFFIXES = words(
  'Nagar Palika|Gram Panchayat|Dairy Cooperative|Milk Union|Municipal Corporation|' +
    'Krishi Upaj Mandi|District Hospital|Public School|Gas Agency|Water Supply Board',
)
